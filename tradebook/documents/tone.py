"""The tone guard: the words a collection letter must never carry.

Collecting a debt is lawful; shaming, threatening, taking property back or dragging in a
customer's employer, family, neighbors, children or school is not, and it loses the case in front of a
mediator or a judge. Every letter's own wording — shipped templates, the user's overrides
and `--note` paragraphs — is checked before a letter is made. Record data (names,
addresses, invoice lines) is not wording and is not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradebook.errors import Refused

SHAMING = ("public shaming (posting names or invoices, social media, newspapers) is unlawful "
           "debt collection and turns a mediator or judge against you")
THREAT = ("threats have no place in a collection letter; state only the lawful next step "
          "(mediation or small claims)")
CRIMINAL = "threatening arrest or criminal charges over an unpaid bill is unlawful"
GARNISH = "wages can only be garnished after a court judgment; a letter may not threaten it"
PROPERTY = ("taking back equipment or property, or cutting a supply, without a court order "
            "is not lawful; the court is the way to collect")
THIRD_PARTY = ("contacting a customer's employer, family or neighbors about a debt is not "
               "allowed; deal only with the customer (or a firm's principal)")
INTIMIDATION = ("bringing in police, relatives or friends to lean on a customer is intimidation; "
                "state only the lawful next step (mediation or small claims)")
APPROACH = ("turning up at a customer's workplace, or their children's school, or dragging their "
            "children in, is harassment; deal only with the customer")

#: "I'll", "I will", "we may"… — and "Ill" (only with a capital I: "ill" is a word of its own).
_AUX = r"(?:['’]ll|\s+will|\s+shall|\s+may|\s+might|\s+are\s+going\s+to|\s+am\s+going\s+to|\s+intend\s+to|\s+reserve\s+the\s+right\s+to|\s+have\s+the\s+right\s+to)?"
_WE = rf"(?:\b(?:we|i){_AUX}|\b(?-i:Ill))"
_PUBLIC_PLACE = (r"publicly|in\s+public|online|on\s+the\s+(?:internet|web|net)"
                 r"|for\s+(?:all|everyone)\s+to\s+see"
                 r"|on\s+(?:our|a|the|my)\s+(?:website|web\s*site|site|notice\s*board|board|window|wall|door)"
                 r"|in\s+(?:our|a|the|my)\s+(?:shop\s+|store\s+|front\s+|office\s+|van\s+)?windows?")
_TRADES = r"electricians?|contractors?|tradesm[ae]n|tradespeople|trades\w*|plumbers?|builders?|one|body"
_PLATFORMS = (r"social\s+media|facebook|instagram|twitter|tiktok|nextdoor|yelp|linkedin|reddit"
              r"|google\s+reviews?")
_PEOPLE = (r"employer|boss|workplace|colleagues?|co-?workers?|family|relatives?|wife|husband"
           r"|spouse|parents?|mother|father|mom|mum|dad|children|kids|son|daughter|in-laws"
           r"|neighbou?rs?|friends?|landlord|church|pastor")
#: Places a collector may not turn up at. "Your work" and "your job" are also the work done
#: for the customer ("come back to your job"), so those two count only as "at …" a place,
#: and never as a job site, work number or work email.
_PLACES = (r"school|daycare|day\s*care|kindergarten|nursery|college|workplace|place\s+of\s+work"
           r"|employer|church")
_AT_PLACES = rf"{_PLACES}|(?:work|job)(?!\s*(?:sites?|numbers?|phones?|e-?mails?|address|schedules?|hours)\b)"
_KIN = r"kids|children|child|son|sons|daughters?|wife|husband|spouse|family|parents?"
#: "your ", "their kids' ", "the children's "
_WHOSE = rf"(?:(?:your|their|his|her)\s+(?:(?:{_KIN})['’]?s?['’]?\s+)?|the\s+(?:{_KIN})['’]?s?['’]?\s+)"
_GOODS = (r"equipment|panel|wiring|fixtures?|fittings?|materials?|property|power|electricity"
          r"|supply|meter|breakers?|appliances?|lights?|lighting|installation|van|car|truck"
          r"|vehicle|tools|belongings|possessions")


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    reason: str


def _rule(pattern: str, reason: str) -> Rule:
    return Rule(re.compile(pattern, re.IGNORECASE), reason)


RULES: tuple[Rule, ...] = (
    # public shaming
    _rule(rf"\b(?:{_PLATFORMS})\b", SHAMING),
    _rule(r"\b(?:newspapers?|local\s+paper|the\s+press|public\s+notice|notice\s+in\s+the\s+paper)\b", SHAMING),
    _rule(r"\bnames?\s+and\s+shame\b|\bwall\s+of\s+shame\b|\bhall\s+of\s+shame\b", SHAMING),
    _rule(r"\bblack-?list\w*\b|\bdeadbeats?\b", SHAMING),
    _rule(r"\b(?:bad|non-?paying|slow)\s+(?:payers?|debtors?|customers?)\s+list\b", SHAMING),
    _rule(r"\b(?:post|publish|display|put\s+up|share)\w*\s+(?:your|their|his|her|the\s+customer['’]s)\s+names?\b", SHAMING),
    _rule(rf"\b(?:post|publish|display|put|share|stick|pin|hang)\w*\b[^.!?\n]{{0,40}}\b(?:{_PUBLIC_PLACE})\b", SHAMING),
    _rule(rf"{_WE}\s+(?:leave|write|post|publish|put\s+up)\s+(?:an?\s+)?(?:\w+\s+)?reviews?\b", SHAMING),
    _rule(r"\breviews?\s+(?:naming|about|of)\s+you\b|\bnaming\s+you\b", SHAMING),
    _rule(rf"\bno\s+(?:other\s+)?(?:{_TRADES})\b[^.!?\n]{{0,40}}\b(?:works?|will\s+work|hires?|will\s+hire)\s+(?:for|with)?\s*you\b", SHAMING),
    _rule(r"\bpublic(?:ly)?\s+(?:shame|shaming|expose|name|naming|humiliat\w*)\b", SHAMING),
    _rule(r"\b(?:shame|expose|humiliate|embarrass)\s+you\b", SHAMING),
    _rule(r"\b(?:tell|warn|inform)\s+(?:everyone|everybody|the\s+whole\s+(?:town|street|neighbou?rhood)|other\s+(?:trades\w*|contractors|businesses|customers)|the\s+community)\b", SHAMING),
    # threats
    _rule(r"\bor\s+else\b", THREAT),
    _rule(r"\byou(?:['’]ll|\s+will)\s+(?:regret|be\s+sorry|pay\s+for\s+this)\b", THREAT),
    _rule(r"\b(?:we|i)\s+know\s+where\s+you\s+(?:live|work)\b", THREAT),
    _rule(r"\b(?:hurt|harm|injure|beat\s+up)\s+(?:you|your)\b|\bwatch\s+your\s+back\b", THREAT),
    _rule(r"\bbreak\s+your\s+(?:legs?|arms?|neck|bones|windows?|door|car|van|truck)\b", THREAT),
    _rule(r"\bmake\s+(?:your\s+life|things|it)\s+(?:very\s+)?(?:difficult|hard|miserable|hell|unpleasant)\b", THREAT),
    _rule(r"\b(?:ruin|destroy)\s+(?:you|your)\b", THREAT),
    _rule(r"\b(?:come|coming|be|send\s+someone)\s+(?:round|around|over)\s+to\s+(?:collect|see\s+you|your)\b", THREAT),
    _rule(r"\b(?:arrest(?:ed)?|jail|prison|criminal\s+(?:charges?|complaint|case)|prosecut\w*|police|sheriff)\b", CRIMINAL),
    _rule(r"\bgarnish\w*\b", GARNISH),
    # taking property back
    _rule(r"\b(?:repossess\w*|seiz\w*|confiscat\w*|impound\w*)\b", PROPERTY),
    _rule(rf"{_WE}\s+(?:come\s+(?:back\s+)?and\s+)?(?:take\s+back|take(?!\s+a\s+look)|remove|rip\s+out|pull\s+out|tear\s+out|strip\s+out|disconnect|cut\s+off|shut\s+off|switch\s+off|turn\s+off|reclaim)\b[^.!?\n]{{0,40}}\b(?:{_GOODS})\b", PROPERTY),
    _rule(r"\btake\s+(?:back\s+)?(?:possession|ownership)\s+of\b", PROPERTY),
    _rule(rf"\b(?:{_GOODS})\s+(?:will|shall|may|would)\s+be\s+(?:taken|removed|disconnected|cut\s+off|switched\s+off|shut\s+off|reclaimed)\b", PROPERTY),
    # intimidation: police, relatives and friends brought in to lean on the customer
    _rule(r"\b(?:cops?|policem[ae]n|police\s*(?:officers?|force)|state\s+troopers?|troopers?"
          r"|deputy\s+sheriffs?|law\s+enforcement)\b", INTIMIDATION),
    _rule(r"\b(?:sort|straighten)\s+(?:you|him|her|them)\s+out\b|\bteach\s+you\s+a\s+lesson\b"
          r"|\bcome\s+(?:after|for)\s+you\b|\bpay\s+you\s+a\s+(?:little\s+|friendly\s+)?visit\b",
          INTIMIDATION),
    # the customer's children, their school, their workplace
    _rule(rf"\b(?:show(?:s|ing)?\s+up|turn(?:s|ing)?\s+up|come|comes|coming|came|go|going|be|visit\w*"
          rf"|appear\w*|wait\w*|stop|stopping|drop|dropping|call|find\s+you|see\s+you)\b"
          rf"[^.!?\n]{{0,30}}?\b(?:(?:to|by)\s+{_WHOSE}(?:{_PLACES})"
          rf"|(?:at|outside|near|in\s+front\s+of)\s+{_WHOSE}(?:{_AT_PLACES}))\b", APPROACH),
    _rule(rf"\byour\s+(?:{_KIN})\s+(?:will|would|could|may|might|are\s+going\s+to|is\s+going\s+to)\s+"
          r"(?:be\s+)?(?:(?:so|very|really)\s+)?(?:embarrass\w*|ashamed|humiliat\w*|shamed|scared|frightened|upset)\b",
          APPROACH),
    _rule(rf"\bin\s+front\s+of\s+(?:your|their)\s+(?:{_KIN}|{_PEOPLE})\b", APPROACH),
    # third parties
    _rule(rf"\b(?:contact|call|phone|ring|e-?mail|write\s+to|tell|inform|notify|speak\s+(?:to|with)|talk\s+to|visit|approach)\b[^.!?\n]{{0,25}}\byour\s+(?:{_PEOPLE})\b(?!\s+identification)", THIRD_PARTY),
    _rule(rf"\blet\s+your\s+(?:{_PEOPLE})\s+know\b", THIRD_PARTY),
    _rule(rf"\byour\s+(?:{_PEOPLE})\s+(?:will|would|could|should|must|may|are\s+going\s+to|is\s+going\s+to)\s+(?:hear|know|find\s+out|learn|be\s+(?:told|informed|contacted|called))\b", THIRD_PARTY),
)


@dataclass(frozen=True)
class Violation:
    phrase: str
    reason: str


def check_tone(text: str) -> list[Violation]:
    """Every phrase in `text` that a courteous, lawful letter may not contain, in text order."""
    found: list[tuple[int, Violation]] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text or ""):
            found.append((match.start(), Violation(" ".join(match.group(0).split()), rule.reason)))
    found.sort(key=lambda pair: pair[0])
    return [violation for _, violation in found]


def guard(text: str, source: str) -> None:
    """Refuse `text` (from `source`, e.g. "your note") at its first offending phrase."""
    violations = check_tone(text)
    if violations:
        first = violations[0]
        raise Refused(f"letter refused: {first.phrase!r} in {source} — {first.reason}")
