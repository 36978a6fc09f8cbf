"""The tone guard: the words a collection letter must never carry.

Collecting a debt is lawful; shaming, threatening, cutting a supply or pulling out work,
dragging in a customer's employer, family, landlord or neighbors, insulting them or posing as
a lawyer, a court or a collection agency is not, and it loses the case in front of a mediator
or a judge. Every letter's own wording — shipped templates, the user's overrides and `--note`
paragraphs — is checked before a letter is made, and so is the filled-in letter as a whole.

Each rule is matched twice: against the text as written (lower-cased) and against a canonical
form in which digits and symbols standing for letters are read as letters ("faceb00k",
"l@ndlord"), letters spaced or dotted apart are joined ("f a c e b o o k", "Y.e.l.p") and
common misspellings of the words the rules hang on are corrected ("revew", "nieghbors"). A
phrase is always reported as the user wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tradebook.errors import Refused

# ----- families: why a phrase is refused, and what to write instead ---------------------

_NEXT_STEP = (
    "state the amount, the date to pay by and the lawful next step (mediation or small claims)"
)


def _reason(family: str, why: str, instead: str) -> str:
    return f"{family}: {why} — instead: {instead}"


SHAMING = _reason(
    "public shaming",
    "reviews, posts, signs, lists or notices about a customer's debt are unlawful debt "
    "collection and turn a mediator or judge against you",
    f"keep the matter between you and the customer; {_NEXT_STEP}",
)
THREAT = _reason(
    "threat",
    "threats have no place in a collection letter and make the debt harder to collect",
    _NEXT_STEP,
)
CRIMINAL = _reason(
    "false criminal threat",
    "an unpaid bill is a civil matter; threatening arrest, jail, criminal charges or the "
    "authorities, or accusing the customer of theft or fraud, is unlawful",
    "say the bill is unpaid and name the civil next step (mediation or small claims)",
)
GARNISH = _reason(
    "garnishment threat",
    "wages and bank accounts can be garnished or levied only by a court after a judgment; a "
    "letter may not threaten it",
    "name the lawful next step (small claims); the court explains enforcement if it comes to that",
)
PROPERTY = _reason(
    "cutting power or removing equipment",
    "cutting a customer's power or service, or taking back or pulling out installed equipment, "
    "without a court order is unlawful and can be dangerous",
    "ask for payment by a date, offer a payment plan, and name mediation, small claims or a "
    "mechanic's lien where the law gives one",
)
THIRD_PARTY = _reason(
    "telling others about the debt",
    "contacting a customer's employer, family, landlord, church, neighbors, tenants, customers "
    "or suppliers about a debt is not allowed",
    "deal only with the customer (or a firm's principal), in writing or by phone",
)
INTIMIDATION = _reason(
    "intimidation",
    "bringing in police, a sheriff, relatives, friends or hired help to lean on a customer is "
    "intimidation",
    _NEXT_STEP,
)
APPROACH = _reason(
    "harassment",
    "turning up at a customer's workplace or their children's school, dragging their children "
    "in, or calling and visiting over and over is harassment",
    "write or call the customer at reasonable times and offer to talk it through by appointment",
)
INSULT = _reason(
    "insult",
    "name-calling, swearing and accusations of dishonesty have no place in a letter a mediator "
    "or judge may read",
    "stay factual and courteous: the invoice, the amount, the date it was due",
)
IMPERSONATION = _reason(
    "posing as a lawyer, court, government or collection agency",
    "a letter may not pretend to come from a legal department, an attorney, a court, the state "
    "or a collection agency",
    "sign as yourself and your business, and name the step you will actually take "
    "(mediation or small claims)",
)
FALSE_LEGAL = _reason(
    "false legal threat",
    "threatening what you cannot lawfully do or do not mean to do (credit-bureau reports, "
    "triple damages, taking a house) is unlawful",
    "name only a step you will actually take: mediation, small claims, or a mechanic's lien "
    "where state law allows one",
)

#: Each reason's family, as a refusal names it.
FAMILIES: dict[str, str] = {
    reason: reason.split(":", 1)[0]
    for reason in (
        SHAMING,
        THREAT,
        CRIMINAL,
        GARNISH,
        PROPERTY,
        THIRD_PARTY,
        INTIMIDATION,
        APPROACH,
        INSULT,
        IMPERSONATION,
        FALSE_LEGAL,
    )
}


# ----- vocabularies ---------------------------------------------------------------------
# Entries are literal words or phrases (a space stands for any run of white space). A rule
# names the vocabularies it cannot match without, and runs only when the text holds an entry
# of each — that keeps the guard fast however many rules it has.


def _words(text: str) -> tuple[str, ...]:
    """`"panel, face book, post{,s,ed}"` → panel, face book, post, posts, posted."""
    out: list[str] = []
    for item in re.findall(r"(?:[^,{]|\{[^}]*\})+", text):
        item = " ".join(item.split())
        braces = re.fullmatch(r"(.*)\{([^}]*)\}(.*)", item)
        if braces:
            out.extend(braces[1] + ending + braces[3] for ending in braces[2].split(","))
        elif item:
            out.append(item)
    return tuple(out)


def _pairs(text: str) -> dict[str, str]:
    """`"revew: review, nieghbor: neighbor"` → {"revew": "review", "nieghbor": "neighbor"}."""
    pairs = (pair.split(":") for pair in text.split(","))
    return {wrong.strip(): right.strip() for wrong, right in pairs}


PLATFORMS = _words(
    "facebook, face book, instagram, twitter, tweet, tweets, tweeting, tiktok, tik tok, yelp, "
    "linkedin, reddit, youtube, snapchat, trustpilot, craigslist, google review, google "
    "reviews, google maps, google business, angi, angie's list, angies list, homeadvisor, "
    "home advisor, thumbtack, social media, socials, community group, community page, "
    "whatsapp group, better business bureau, bbb, on fb, on insta"
)
NEWS = _words(
    "newspaper, newspapers, local paper, the press, public notice, notice in the paper, the "
    "papers, local news, the news, tv station, radio station"
)
SHAME_LISTS = _words(
    "name and shame, names and shame, naming and shaming, wall of shame, hall of shame, "
    "blacklist, blacklisted, black list, black-list, black listed, blacklisting, do not serve "
    "list, do-not-serve list, deadbeat list, list of shame, shame list, shame board"
)
REVIEWS = ("review", "reviews")
STARS = _words("star, stars, onestar, zerostar")
REVIEW_VERBS = _words("leave, write, post, publish, put up, give, add, submit, share, make")
POST_VERBS = _words(
    "post, posts, posting, blog, blogging, tweet, tweeting, vlog, write a post, make a post, "
    "a video, a story, a thread"
)
SIGNS_STRONG = _words(
    "banner{,s}, placard{,s}, poster{,s}, billboard{,s}, flyer{,s}, flier{,s}, leaflet{,s}, "
    "sticker{,s}"
)
SIGNS = (*_words("sign{,s}"), *SIGNS_STRONG)
SIGN_DETERMINERS = _words("a, an, the, big, large, huge, giant, my, our, some, public, bright")
PUBLIC_PLACES = (
    "publicly",
    "in public",
    "online",
    "on the internet",
    "on the web",
    "on the net",
    "for all to see",
    "for everyone to see",
    "for the world to see",
    "on our website",
    "on my website",
    "on our site",
    "on my site",
    "on the website",
    "on our notice board",
    "on a notice board",
    "on the notice board",
    "on our board",
    "in our window",
    "in my window",
    "in the window",
    "in our shop window",
    "in my shop window",
    "in the shop window",
    "in our front window",
    "on our wall",
    "on the wall",
    "on my van",
    "on our van",
    *(
        f"for {who} to see"
        for who in _words(
            "everybody, the whole street, the street, the neighbours, the neighbors, your neighbours, "
            "your neighbors, the whole town, the town, the public, the whole neighbourhood, the whole "
            "neighborhood, passers-by, anyone"
        )
    ),
)
SHOW_VERBS = _words(
    "post{,s,ed,ing}, publish{,es,ed,ing}, display{,s,ed,ing}, put, puts, putting, "
    "shar{e,es,ed,ing}, stick{,s,ing}, stuck, pin{,s,ned,ning}, hang{,s,ing}, hung, "
    "print{,s,ed,ing}, circulat{e,es,ed,ing}, spread{,s,ing}, advertis{e,es,ed,ing}"
)
#: Showing a name: "put" and "print" are left out ("Please print your name and sign").
NAME_VERBS = _words(
    "post{,s,ed,ing}, publish{,es,ed,ing}, display{,s,ed,ing}, shar{e,es,ed,ing}, "
    "circulat{e,es,ed,ing}, spread{,s,ing}, advertis{e,es,ed,ing}, broadcast, put up, putting "
    "up"
)
TELL_VERBS = _words(
    "tell{,s,ing}, told, warn{,s,ed,ing}, inform{,s,ed,ing}, alert{,s,ed,ing}, let{,s,ting}, "
    "notify, notifying, broadcast"
)
AUDIENCE = _words(
    "everyone, everybody, the world, the public, people, others, other people, other trades, "
    "other tradesmen, other tradespeople, other contractors, other businesses, other "
    "customers, other homeowners, other electricians, future customers, future contractors, "
    "the whole town, the whole street, the whole neighborhood, the whole neighbourhood, the "
    "whole community, the whole internet, the whole world, the town, the street, the "
    "neighborhood, the neighbourhood, the community, the entire town, the entire street, the "
    "entire neighborhood, the internet, the entire neighbourhood, the area, the village, the "
    "block, anyone"
)
EVERYONE = _words(
    "everyone, everybody, the whole town, the whole street, the whole world, the whole "
    "neighborhood, the whole neighbourhood, the whole community, the whole internet, the "
    "whole church, the entire town, the entire street, the entire neighborhood, the entire "
    "neighbourhood, the whole block"
)
TRADES = _words(
    "electrician, electricians, contractor, contractors, tradesman, tradesmen, tradespeople, "
    "trades, tradesperson, plumber, plumbers, builder, builders, one, body, business, "
    "businesses, company, companies"
)
SHAMING_VERBS = _words("shame, expose, exposing, humiliate, humiliating, embarrass, embarrassing")
THREAT_PHRASES = _words(
    "one way or another, whatever it takes, by any means necessary, by all means necessary, "
    "at any cost, at all costs, no matter what it takes, you have been warned, you've been "
    "warned, consider yourself warned, last warning, final warning, we have ways, we have our "
    "ways, i have ways, i have my ways, things could get ugly, things will get ugly, things "
    "can get ugly, this could get ugly, this will get ugly, it will get ugly, things could "
    "get nasty, things will get nasty, don't make me, do not make me, you don't want to find "
    "out, you do not want to find out, face the consequences, suffer the consequences, there "
    "will be consequences, bad things happen, accidents happen, accidents can happen, shame "
    "if something happened, shame if something were to happen, something bad might happen, "
    "something bad could happen, something bad will happen, something might happen to, "
    "something could happen to, watch your back, watch yourself, sleep with one eye open, we "
    "are watching you, we're watching you, i am watching you, i'm watching you, keeping an "
    "eye on you, keep an eye on you, make you pay, make you regret, i'll be waiting for you, "
    "i will be waiting for you, get what's coming, get what is coming, what's coming to you, "
    "what is coming to you, you'll be sorry, you will be sorry, you'll regret, you will "
    "regret, you'll live to regret, you will live to regret, you'll pay for this, you will "
    "pay for this, you'll pay for that, you will pay for that, by hook or by crook"
)
VIOLENCE = _words(
    "hurt, harm, injure, beat up, kill, shoot, stab, punch, slap, strangle, choke, murder, "
    "smack, thump, batter, rough up"
)
VANDALISM = _words("smash, slash, key, trash, vandalise, vandalize, egg, torch")
CRIMES = _words(
    "arrest, arrested, arrests, arresting, under arrest, jail, jailed, jails, jail time, "
    "jailtime, jailhouse, prison, prisons, imprison, imprisoned, imprisonment, behind bars, a "
    "night in the cells, handcuffs, handcuffed, criminal, criminally, criminals, crime, "
    "crimes, prosecute, prosecuted, prosecutes, prosecuting, prosecution, prosecutor, "
    "prosecutors, police, felony, felonies, misdemeanor, misdemeanour, misdemeanors, "
    "misdemeanours, theft, thefts, defraud, defrauded, defrauding, deport, deported, "
    "deportation, immigration status, arrest warrant, bench warrant, district attorney"
)
CHARGE_VERBS = _words("press, file, bring, lay, pursue, face, facing")
REPORT = _words("report{,s,ed,ing}")
REPORT_TO = _words(
    "police, authorities, immigration, ice, irs, tax office, tax man, taxman, tax "
    "authorities, hmrc, child services, child protective services, social services, cps, fbi, "
    "attorney general, district attorney, da, prosecutor, feds, cops"
)
DISHONESTY = _words("fraud, stealing, theft, a scam, scamming, embezzlement, larceny")
STEAL = _words("steal, steals, stealing, stole")
GARNISHING = _words("garnish{,es,ed,ing,ment,ments,ee}")
GRAB_VERBS = _words("dock, attach, levy, freeze, seize, empty, drain, take it, take the money")
SEIZING = _words(
    "repossess{,ed,es,ing,ion,ions}, seiz{e,ed,es,ing,ure}, confiscat{e,ed,es,ing,ion}, "
    "impound{,ed,s,ing}, repo man, repo men, repo company, repo truck, take back possession, "
    "take possession of, take ownership of, take back ownership, retake possession"
)
GOODS = _words(
    "equipment, panel, panels, subpanel, sub-panel, breaker, breakers, breaker box, fuse box, "
    "fuses, wiring, wires, wire, cable, cables, cabling, fixture, fixtures, fitting, "
    "fittings, outlet, outlets, socket, sockets, switches, light, lights, lighting, lamps, "
    "fan, fans, chandelier, material, materials, installation, meter, power, electricity, "
    "supply, service, heater, water heater, generator, charger, ev charger, appliance, "
    "appliances, property, van, car, truck, vehicle, belongings, possessions, everything, it "
    "all, all of it, my work, the work, circuits, circuit"
)
SUPPLY = _words(
    "power, electricity, electric, electrical, service, supply, lights, juice, heat, heating, "
    "meter, current"
)
REMOVE_VERBS = _words(
    "remove, disconnect, unplug, reclaim, dismantle, uninstall, yank, padlock, deenergize, "
    "de-energize, take back, take out, take away, take down, rip out, pull out, tear out, "
    "strip out, cut off, shut off, shut down, switch off, turn off, lock out, lock off, cut "
    "out, rip down, pull down, tear down, come and get, come back for, come and take, come "
    "back and take"
)
SPLIT_VERBS = _words("take, pull, rip, tear, strip, switch, turn, shut, cut, kill, lock, yank, get")
CUT_VERBS = _words("kill, cut, stop, terminate, switch, shut, pull, lock")
CUT_YOU_OFF = _words(
    "cut you off, shut you off, switch you off, turn you off, disconnect you, cut off you"
)
DISCONNECTION = _words("disconnect, disconnecting, disconnection, disconnection of")
LOSS_WORDS = _words(
    "disconnection, removal, repossession, shut-off, shutoff, cut-off, cutoff, loss"
)
INTIMIDATORS = _words(
    "cop, cops, policeman, policemen, police officer, police officers, police force, state "
    "trooper, state troopers, trooper, troopers, law enforcement, bailiff, bailiffs, heavies, "
    "enforcer, enforcers, my boys, the boys, the lads, my lads, some friends of mine, friends "
    "of mine, friends in low places, i know people, we know people, people who know people, "
    "the mob, mafia, hells angels, biker friends, my biker"
)
LEANING = _words(
    "sort you out, sort him out, sort her out, sort them out, straighten you out, teach you a "
    "lesson, come after you, come for you, pay you a visit, pay you a little visit, pay you a "
    "friendly visit, pay you a personal visit, pay you a surprise visit"
)
SEND_VERBS = _words("send, sending, bring, bringing, call in, calling in")
HIRED_HELP = _words(
    "boys, lads, guys, muscle, heavies, enforcers, brothers, cousins, mates, bikers, friends, "
    "family, debt collectors, repo men, bailiffs, sheriff, police, cops"
)
SHERIFF = _words("sheriff, sheriffs, sheriff's, deputy sheriff, deputy sheriffs")
MUSCLE_JOBS = _words(
    "judge, cop, police officer, state trooper, deputy, sheriff, biker, bouncer, boxer, cage "
    "fighter, enforcer, hells angel"
)
KIN = _words(
    "kids, kid, children, child, son, sons, daughter, daughters, wife, husband, spouse, "
    "family, parents, parent"
)
PLACES = _words(
    "school, schools, daycare, day care, kindergarten, nursery, college, workplace, place of "
    "work, employer, church, gym"
)
APPROACH_VERBS = _words(
    "show{,s,ing}, turn{,s,ing}, come{,s}, coming, came, go, going, be, visit{,s,ed,ing}, "
    "appear{,s,ed,ing}, wait{,s,ed,ing}, stop, stopping, drop, dropping, call, find, see, "
    "camp, sit, stand, park, follow"
)
REPEAT_VERBS = _words(
    "drive by, drive past, driving by, driving past, walk by, walk past, call, calling, ring, "
    "ringing, phone, phoning, text, texting, email, emailing, message, messaging, visit, "
    "visiting, knock, knocking, come by, come round, come around, come over, show up, turn "
    "up, stop by, be at your door, bother, hound, chase, follow, following, be on your "
    "doorstep, harass, harassing, pester, pestering"
)
LOITER = _words("camp{,ed,ing}, sit, sitting, wait{,ed,ing}, park{,ed,ing}, stand{,ing}")
PEOPLE_ANY = _words(
    "employer, employers, boss, bosses, manager, supervisor, workplace, hr, human resources, "
    "colleague, colleagues, coworker, coworkers, co-worker, co-workers, family, relatives, "
    "relative, wife, husband, spouse, parents, parent, mother, father, mom, mum, dad, "
    "children, kids, son, daughter, brother, sister, in-laws, inlaws, neighbor, neighbors, "
    "neighbour, neighbours, friends, friend, landlord, landlords, landlady, letting agent, "
    "property manager, building manager, leasing office, hoa, homeowners association, church, "
    "pastor, priest, minister, vicar, rabbi, imam, congregation, parish, tenant, tenants, "
    "customers, clients, supplier, suppliers, vendors, business partners, investors, lender, "
    "lenders, bank manager"
)
#: With "the" rather than "your", only these are plainly the customer's people.
PEOPLE_THE = _words(
    "employer, landlord, landlady, neighbors, neighbours, tenants, congregation, pastor, "
    "church, hoa, letting agent, property manager, building manager, neighbor, neighbour"
)
GATHERINGS = _words(
    "church, work, workplace, office, building, street, neighborhood, neighbourhood, "
    "congregation, company, school, family"
)
CONTACT_VERBS = _words(
    "contact{,s,ing}, call{,s,ing}, phon{e,es,ing}, ring{,s,ing}, email{,s,ing}, "
    "e-mail{,s,ing}, text{,s,ing}, messag{e,es,ing}, writ{e,es,ing}, tell{,s,ing}, "
    "inform{,s,ing}, notify, notifying, alert{,s,ing}, speak{,s,ing}, talk{,s,ing}, "
    "visit{,s,ing}, approach{,es,ing}, warn{,s,ing}, cc, copy, send{,s,ing}, reach out, get "
    "in touch, knock on, ask{,s,ing}, involv{e,ing}, report{,s,ing}, drop a note, drop a "
    "line, drop a letter, drop a copy, send word"
)
HEAR_VERBS = _words(
    "hear, know, find out, learn, be told, be informed, be contacted, be called, be notified, "
    "be made aware, be interested, be hearing, get a call, get a letter, get a copy, get a "
    "visit, get to know, receive a copy, receive a call, receive a letter, want to know, like "
    "to know, see a copy, read about"
)
INSULTS = _words(
    "deadbeat{,s}, scammer{,s}, scumbag{,s}, lowlife{,s}, low-life{,s}, dirtbag{,s}, "
    "freeloader{,s}, moocher{,s}, sponger{,s}, con artist{,s}, scam artist{,s}, swindler{,s}, "
    "grifter{,s}, sleazebag{,s}, idiot{,s}, moron{,s}, imbecile{,s}, cretin{,s}, halfwit{,s}, "
    "dimwit{,s}, nitwit{,s}, numbskull{,s}, dumbass{,s}, jackass{,s}, asshole{,s}, "
    "arsehole{,s}, ahole{,s}, bastard{,s}, dickhead{,s}, douchebag{,s}, wanker{,s}, "
    "tosser{,s}, liar{,s}, cheater{,s}, fraudster{,s}, cheapskate{,s}, tightwad{,s}, "
    "shyster{,s}, shithead{,s}, sleazeball{,s}, chiseler{,s}, welcher{,s}, welsher{,s}, "
    "lowlives, scum, conman, conmen, con man, con men, idiotic, moronic, bitch, bitches, "
    "cunt, fuck, fucking, fucker, fuckers, fck, fcking, fuk, fuking, fukin, fkn, shit, sht, "
    "bullshit, btch, white trash, piece of shit, piece of trash, piece of work"
)
#: Words that insult only when aimed at someone: "you crook", "such a disgrace".
INSULT_NOUNS = _words(
    "crook{,s}, cheat{,s}, loser{,s}, fraud{,s}, leech{,s}, parasite{,s}, bum{,s}, jerk{,s}, "
    "pig{,s}, rat{,s}, snake{,s}, clown{,s}, disgrace{,s}, thug{,s}, weasel{,s}, "
    "hypocrite{,s}, coward{,s}, thief, thieves"
)
#: …and these only with "you are": "you're pathetic".
INSULT_ADJECTIVES = _words(
    "stupid, dumb, pathetic, useless, worthless, crooked, dishonest, shameless, lazy, a joke, "
    "a disgrace, scum"
)
INSULT_PHRASES = _words(
    "shame on you, you should be ashamed, you ought to be ashamed, how dare you, you lied, "
    "you are lying, you're lying, you have been lying, you've been lying, you were lying, you "
    "scammed, you conned, you swindled, you cheated, you ripped me off, you ripped us off, "
    "ripped me off, ripped us off, this is a scam, lying to me, lied to me, lying to us, lied "
    "to us"
)
INSULT_ADJECTIVES_BEFORE = _words(
    "stupid, dumb, idiotic, moronic, lazy, pathetic, useless, worthless, cheap, lying, "
    "thieving, cheating, crooked, dishonest, deadbeat"
)
LEGAL_STAFF = _words(
    "legal department, legal dept, legal team, legal division, legal counsel, legal "
    "representative, legal representatives, legal advisers, legal advisors, legal adviser, "
    "legal advisor, in-house counsel, in-house lawyers, in-house lawyer, law firm, lawyers, "
    "attorneys, solicitors, legal staff, legal unit, legal office"
)
POSING = _words(
    "attorney at law, attorneys at law, law office of, law offices of, law firm of, esq, "
    "esquire, counsel for, legal counsel for, on behalf of our client, on behalf of my "
    "client, acting for our client, acting for my client, we represent our client, we act "
    "for, instructed by our client, barrister, legal notice, official notice, official "
    "demand, official warning, official summons, government notice, state notice, notice to "
    "appear, summons to appear, court-ordered, court ordered, by order of, hereby ordered, "
    "hereby summoned, hereby commanded, hereby required, hereby directed, hereby notified, "
    "legal department, legal dept, legal division, in contempt of court, you are in contempt, "
    "notice from the court, notice from the state, notice from the county, notice from the "
    "government, order from the court, demand from the court, summons from the court"
)
AUTHORITIES = _words(
    "the court, the courts, a court, the state, the county, the city, the government, the "
    "sheriff, the police, the attorney general, the district attorney, the irs, the "
    "authorities, the department, the federal government, the judge, the magistrate, the tax "
    "office, the commonwealth, court, state, county, government"
)
OFFICIALDOM = _words("court, state, federal, government, county")
COLLECTORS = _words(
    "collection agency, collection agencies, collections agency, collections agencies, debt "
    "collection agency, debt collector, debt collectors, collection agent, collection agents, "
    "collections agent, collections department, collections dept, collections division, "
    "collections team, collections unit, collection department, collection division, debt "
    "recovery, recovery agent, recovery agents, recovery team, recovery department, debt "
    "collection, collections officer, collections specialist, debt collecting, to collections"
)
CREDIT_BUREAUS = _words(
    "equifax, experian, transunion, trans union, credit bureau, credit bureaus, credit "
    "reference agency, credit reference agencies, credit agency, credit agencies, credit "
    "rating agency, credit rating agencies, credit reporting agency, credit reporting "
    "agencies, credit bureaux"
)
MULTIPLES = _words(
    "triple, treble, double, punitive, exemplary, quadruple, three times the, twice the, 3x, "
    "2x, ten times the"
)
HOMES = _words(
    "house, home, business, savings, kids, children, shop, life savings, retirement, pension, "
    "furniture"
)
TAKE_HOME_VERBS = _words(
    "take, sell, auction, force a sale of, force the sale of, foreclose on, go after, come "
    "after, take away, lose, forfeit"
)
RUIN = _words(
    "foreclose, foreclosed, foreclosing, foreclosure, forecloses, evict, evicted, evicting, "
    "eviction, evictions, bankrupt you, bankruptcy court, force you into bankruptcy, put you "
    "out of business, shut down your business, close down your business, take away your "
    "license, revoke your license, take away your licence, revoke your licence, suspend your "
    "license, suspend your licence"
)
GRAB_ALL = _words("take, sue you for, come after, go after, seize, get, chase you for, lose")
LIENS = ("lien", "liens")

# ----- sentence context: what lets a phrase through -------------------------------------

#: Words that tie a sentence to the money; a phrase that would otherwise pass as a plain
#: description of the work is refused when its sentence also speaks of paying.
_MONEY = (
    r"pay|pays|paid|paying|payment|payments|owe|owed|owes|owing|balance|debt|debts|bill"
    r"|bills|invoice|invoices|money|overdue|unpaid|outstanding|settle|cheque|check|account"
)


def _unless_about_the_work(context: str) -> str:
    """A sentence that describes the work itself (and says nothing of money) is not a threat."""
    return rf"^(?!.*\b(?:{_MONEY})\b).*\b(?:{context})"


_WORK = (
    r"while|during|safely|for\s+safety|for\s+the\s+(?:work|inspection|upgrade)"
    r"|for\s+(?:about\s+|around\s+|roughly\s+|up\s+to\s+)?(?:an?|one|two|three|half\s+an"
    r"|a\s+few|\d+)\s+(?:hours?|minutes?|mins?)"
    r"|when\s+(?:i|we)\s+(?:leave|finish|am\s+done|are\s+done)"
    r"|before\s+(?:i|we)\s+(?:start|begin|work)"
    r"|to\s+(?:replace|install|fit|repair|fix|upgrade|swap|test|inspect|check|work\s+on"
    r"|finish|rewire|make\s+\w+\s+safe|tidy|clean)"
    r"|old|existing|faulty|damaged|broken|temporary|unused|spare|leftover|left-over"
    r"|surplus|scrap|debris|packaging|rubbish|trash|as\s+(?:agreed|quoted|planned)"
)
_WORK_CONTEXT = _unless_about_the_work(_WORK)
#: A tenant's landlord or a landlord's tenants may be contacted about access to the work.
_ACCESS_CONTEXT = _unless_about_the_work(
    r"arrange\s+(?:access|a\s+time|a\s+visit|the\s+work|a\s+date)|for\s+access|get\s+access"
    r"|access\s+to|the\s+inspection|permission|approval|consent|the\s+permit|the\s+outage"
    r"|the\s+shut-?down|a\s+key|the\s+keys|the\s+(?:work|job|upgrade|repair|panel|wiring"
    r"|schedule)"
)
_SIGN_WORK = _unless_about_the_work(
    r"wir\w*|install\w*|fit|fitted|fix\w*|repair\w*|light\w*|lit|illuminat\w*|neon|led|timer"
    r"|photocell|circuit|bulbs?|transformer|ballast|safety|warning|danger|hazard|caution|exit"
    r"|permit|inspection|inspector"
)
#: "…the clerk or the sheriff serves the complaint": a sheriff serving court papers is a fact
#: of the process, not a threat — unless the sentence has the sheriff do more.
_SERVICE_OF_PROCESS = (
    r"^(?!.*\b(?:come|visit|knock|arrest|take|seize|remove|sell|lock|evict"
    r"|collect|door)\w*\b).*\bserv(?:e|es|ed|ing|ice)\b"
)

# ----- who is speaking ------------------------------------------------------------------

_SUBJ = (
    r"\b(?:we|i|someone|somebody|my\s+(?:crew|team|men|guys|lads|boys|staff|electricians?"
    r"|apprentice|brother|brothers|partner)|our\s+(?:crew|team|staff|men|guys|lads"
    r"|electricians?|company|firm))"
)
_AUX = (
    r"(?:'ll|'d|'m\s+going\s+to|'re\s+going\s+to|'m\s+gonna|'re\s+gonna"
    r"|\s+(?:will|shall|may|might|can|could|would|must|gonna)"
    r"|\s+(?:am|are|is)\s+going\s+to"
    r"|\s+(?:intend|plan|want|need|have|mean|expect|aim)\s+to"
    r"|\s+(?:reserve|have)\s+the\s+right\s+to|\s+have\s+no\s+choice\s+but\s+to"
    r"|\s+(?:won't|will\s+not)\s+hesitate\s+to)?"
)
_ADV = (
    r"(?:\s+(?:also|then|just|simply|happily|gladly|personally|immediately|soon|now"
    r"|promptly|have\s+to|need\s+to|be\s+forced\s+to|be\s+obliged\s+to|go\s+ahead\s+and"
    r"|come\s+(?:back\s+)?(?:and|to)|come\s+(?:over|round|around)\s+and"
    r"|send\s+someone\s+to|have\s+(?:someone|my\s+\w+|the\s+(?:power|electric|utility"
    r"|electricity)\s+(?:company|board|provider)|the\s+utility)))*"
)
#: "I'll", "we will", "my crew are going to", "I will also come back and"…
_WE = _SUBJ + _AUX + _ADV
#: "you'll", "you could", "you are going to"…
_YOU_WILL = (
    r"\byou(?:'ll|'re\s+going\s+to|\s+(?:will|could|can|may|might|would|shall"
    r"|are\s+going\s+to|stand\s+to))?"
)
#: "Please tell…", "you may want to call…", "If it trips again, ask…": the customer doing it
#: (a pardon: it is looked for just before the phrase).
_THEIR_OWN = (
    r"(?:\bplease\s+(?:do\s+)?(?:\w+\s+)?|\byou\s+(?:can|may|might|could|should"
    r"|need\s+to|will\s+need\s+to|are\s+welcome\s+to|may\s+want\s+to|might\s+want\s+to"
    r"|might\s+like\s+to|may\s+wish\s+to)\s+(?:also\s+|first\s+)?|\bfeel\s+free\s+to\s+"
    r"|\bif\s+[^.!?\n,]{0,60},\s*|\bcould\s+you\s+|\bwould\s+you\s+)\Z"
)
#: "This will not affect your credit."
_DENIED = r"(?:\bnot|n't|\bnever)\s+\Z"


def _trie(entries: Iterable[str]) -> str:
    """The entries as one alternation shaped like a trie ("pa(?:nel|ss)"): the regex engine
    then tries one branch per letter instead of every entry at every word."""
    root: dict[str, dict] = {}
    for entry in entries:
        node = root
        for char in entry:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, dict]) -> str:
    alts = [(r"\s+" if c == " " else re.escape(c)) + _branches(node[c]) for c in sorted(node) if c]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    return "(?:" + "|".join(alts) + (")?" if "" in node else ")")


def _any(*vocabularies: Iterable[str]) -> str:
    """The entries of the vocabularies, as whole words."""
    return r"\b" + _trie({e for v in vocabularies for e in v}) + r"\b"


def _alt(*vocabularies: Iterable[str]) -> str:
    """`_any` for after a space: the same alternation, its left word edge already given."""
    return _any(*vocabularies)[2:]


#: A rule's gate: each entry of a vocabulary under its longest word, with all its words and
#: the entry itself as it reads once white space is squeezed.
Gate = dict[str, tuple[tuple[frozenset[str], str], ...]]


def _gate(vocabulary: Iterable[str]) -> Gate:
    gate: dict[str, set[tuple[frozenset[str], str]]] = {}
    for entry in vocabulary:
        words = re.findall(r"[a-z]+", entry)
        if not words:
            raise ValueError(f"a vocabulary entry needs a word: {entry!r}")
        gate.setdefault(max(words, key=len), set()).add((frozenset(words), entry))
    return {key: tuple(sorted(entries, key=lambda e: e[1])) for key, entries in gate.items()}


def _open(gate: Gate, words: set[str], squeezed: str) -> bool:
    """Whether the text (its words, and itself with white space squeezed) holds an entry."""
    return any(
        need <= words and entry in squeezed
        for key in gate.keys() & words
        for need, entry in gate[key]
    )


@dataclass(frozen=True)
class Rule:
    source: str
    reason: str
    #: The rule runs only when the text holds an entry of each vocabulary it cannot match
    #: without.
    gates: tuple[Gate, ...] = ()
    #: A match is let through when its sentence matches this…
    unless: str | None = None
    #: …or when the words just before it (in its sentence) end with this.
    pardon: str | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: most rules never run on a courteous letter."""
        return _compile(self.source)


_compile = lru_cache(maxsize=None)(re.compile)


def _rule(
    reason: str,
    pattern: str,
    *gates: Iterable[str],
    unless: str | None = None,
    pardon: str | None = None,
) -> Rule:
    return Rule(pattern, reason, tuple(_gate(g) for g in gates), unless, pardon)


def _phrases(firsts: Iterable[str], seconds: Iterable[str]) -> tuple[str, ...]:
    """Every `first second`: a gate for a rule that needs two vocabularies side by side."""
    return tuple(f"{a} {b}" for a in firsts for b in seconds)


_NOT_A_NEIGHBOUR = (
    r"(?!\s*(?:neighbou?rs?|house|home|property|flat|apartment|unit|building|lot"
    r"|yard|garden))"
)
_KIN = "|".join(KIN)
_WHOSE = (
    rf"(?:(?:your|their|his|her)\s+(?:(?:{_KIN})(?:'s|s'|')?\s+)?|the\s+(?:{_KIN})(?:'s|s'|')?\s+)"
)
_WHOSE_WORDS = (
    *_words("your, their, his, her"),
    *(k + end for k in KIN for end in ("", "'s", "s'", "'")),
)
_EVERYONE_AT = _phrases(
    _phrases(_words("everyone, everybody, people, all"), ("at", "in", "from")),
    _phrases(("your",), GATHERINGS),
)
#: "at your work" and "at your job" are places; "your work number" and "your job site" are not.
_AT_WORK = r"(?:work|job)\b(?!\s*(?:sites?|numbers?|phones?|e-?mails?|address|schedules?|hours))"

RULES: tuple[Rule, ...] = (
    # --- public shaming: platforms, reviews, posts, signs, lists ---
    _rule(SHAMING, _any(PLATFORMS), PLATFORMS),
    _rule(SHAMING, r"\bnextdoor\b" + _NOT_A_NEIGHBOUR, ("nextdoor",)),
    _rule(SHAMING, _any(NEWS) + r"(?!\s+(?:reports?\s+that\s+you))", NEWS),
    _rule(SHAMING, _any(SHAME_LISTS), SHAME_LISTS),
    _rule(
        SHAMING,
        r"\b(?:bad|non-?paying|nonpaying|slow|late)\s+(?:payers?|debtors?|customers?"
        r"|clients?)'?\s+list\b|\blist\s+of\s+(?:bad|non-?paying|nonpaying|slow)\s+\w+",
        ("list",),
        _phrases(
            _words("bad, non-paying, nonpaying, slow, late"),
            _words(
                "payers, payer, debtors, debtor, customers, customer, clients, client, payers', debtors', "
                "customers', clients'"
            ),
        )
        + _phrases(("list of",), _words("bad, non, nonpaying, slow")),
    ),
    _rule(
        SHAMING,
        _any(NAME_VERBS) + r"\s+(?:up\s+)?(?:your|their|his|her|the\s+customer's)\s+"
        r"(?:full\s+)?names?\b",
        NAME_VERBS,
        ("name", "names"),
    ),
    _rule(
        SHAMING,
        r"\b(?:put|puts|putting|print|prints|printing|stick|hang|pin)\s+your\s+"
        r"(?:full\s+)?names?\s+(?:up|out|online|on\s+(?:a|the|our|my)\s+(?:list|board|wall"
        r"|sign|site|website|window|van|door)|in\s+(?:the|a|our|my)\s+(?:paper|window|newsletter"
        r"|list))\b",
        _words("put, puts, putting, print, prints, printing, stick, hang, pin"),
        ("name", "names"),
    ),
    _rule(
        SHAMING,
        _any(SHOW_VERBS) + r"[^.!?\n]{0,40}?" + _any(PUBLIC_PLACES),
        SHOW_VERBS,
        PUBLIC_PLACES,
        unless=r"\b(?:portal|log\s*in|login|sign\s+in|password|private|secure|your\s+own\s+page)\b",
    ),
    _rule(
        SHAMING,
        _WE + r"\s+" + _alt(REVIEW_VERBS) + r"\s+(?:you\s+|your\s+(?:business|company"
        r"|firm)\s+)?(?:(?!to\b)[\w'-]+\s+){0,4}?" + _alt(REVIEWS),
        REVIEW_VERBS,
        REVIEWS,
    ),
    _rule(
        SHAMING,
        r"\b(?:bad|negative|terrible|scathing|poor|nasty|awful|damning|horrible"
        r"|brutal|honest|public|angry|harsh|1-star|one-star|onestar|zero-star|zerostar"
        r"|0-star|one\s+star|1\s+star|zero\s+star|no-star)\s+(?:online\s+|public\s+"
        r"|google\s+|yelp\s+|facebook\s+|written\s+)?" + _alt(REVIEWS),
        REVIEWS,
        _words(
            "bad, negative, terrible, scathing, poor, nasty, awful, damning, horrible, brutal, "
            "honest, public, angry, harsh, star, onestar, zerostar"
        ),
    ),
    _rule(
        SHAMING,
        r"(?:\b(?:1|one|zero|0|single|no)[\s-]*)" + _alt(STARS) + r"\s+(?:reviews?|ratings?)\b",
        STARS,
    ),
    _rule(
        SHAMING,
        r"\b(?:give|leave|rate|rated|award|post)\w*\s+(?:you\s+|your\s+(?:business"
        r"|company)\s+)?(?:a\s+|an\s+)?(?:(?:1|one|zero|0|single)[\s-]*)?" + _alt(STARS),
        STARS,
    ),
    _rule(
        SHAMING,
        _any(REVIEWS) + r"\s+(?:naming|about|of|on)\s+you\b(?!r)",
        _phrases(REVIEWS, _words("naming you, about you, of you, on you")),
    ),
    _rule(SHAMING, r"\bnaming\s+you\b", ("naming",)),
    _rule(
        SHAMING,
        _any(POST_VERBS) + r"\s+(?:publicly\s+|online\s+|something\s+|everything\s+"
        r"|all\s+)?about\s+(?:you\b(?!r)|your\s+(?:debt|unpaid|refusal|failure"
        r"|non-?payment|nonpayment|behaviou?r)|this\s+(?:debt|bill|matter|situation)"
        r"|the\s+(?:debt|bill|money\s+you\s+owe|way\s+you))",
        POST_VERBS,
        ("about",),
    ),
    _rule(
        SHAMING,
        _any(TELL_VERBS)
        + r"\s+(?:all\s+)?"
        + _alt(AUDIENCE)
        + r"(?!\s+(?:else\s+)?(?:who|that)\s+(?:works?|worked))",
        TELL_VERBS,
        AUDIENCE,
    ),
    _rule(
        SHAMING,
        _any(EVERYONE) + r"\s+(?:(?:on|in|around|across)\s+(?:(?!your\b)[\w'-]+\s+){1,2})?"
        r"(?:will|is\s+going\s+to|are\s+going\s+to|would|should|shall|may|might"
        r"|is\s+about\s+to)\s+(?:soon\s+|all\s+|finally\s+)?(?:know|hear|see|learn"
        r"|find\s+out|read|be\s+told)\b",
        EVERYONE,
    ),
    _rule(
        SHAMING,
        r"\bmake\s+sure\s+"
        + _alt(EVERYONE, _words("people, the world, the public, the neighbours, the neighbors"))
        + r"\s+(?:knows?|hears?|finds?\s+out|sees?|learns?|reads?)\b",
        ("make sure",),
        (*EVERYONE, "people", "the world", "the public", "the neighbours", "the neighbors"),
    ),
    _rule(
        SHAMING,
        r"\ball\s+over\s+(?:the\s+)?(?:internet|web|town|neighbou?rhood|street|news"
        r"|social\s+media|village|city|facebook|nextdoor)\b",
        ("all over",),
    ),
    _rule(
        SHAMING,
        r"\bno\s+(?:other\s+)?" + _alt(TRADES) + r"[^.!?\n]{0,40}\b(?:works?"
        r"|will\s+work|hires?|will\s+hire|wants?\s+to\s+work|will\s+want\s+to\s+work"
        r"|will\s+touch)\s+(?:for|with)?\s*you\b",
        _phrases(("no", "no other"), TRADES),
    ),
    _rule(
        SHAMING,
        r"\bpublic(?:ly)?\s+(?:shame|shaming|expose|exposing|name|naming|humiliat\w*"
        r"|embarrass\w*|call\s+(?:you\s+)?out)\b|\bgo(?:ing)?\s+public\b"
        r"|\bmake\s+(?:this|it|the\s+\w+|your\s+\w+)\s+public\b",
        ("public", "publicly"),
    ),
    _rule(SHAMING, _any(SHAMING_VERBS) + r"\s+you\b", SHAMING_VERBS),
    # signs at the customer's home
    _rule(SHAMING, r"\b(?:yard|lawn|garden|driveway|roadside|protest)\s+" + _alt(SIGNS), SIGNS),
    _rule(
        SHAMING,
        _any(SIGNS) + r"\s+(?:saying|that\s+says|which\s+says|stating|that\s+states"
        r"|reading|announcing|telling|with\s+your\s+name|naming\s+you|calling\s+you"
        r"|about\s+(?:you\b(?!r)|your\s+(?:debt|unpaid|bill))|that\s+you)",
        SIGNS,
    ),
    _rule(
        SHAMING,
        r"(?:"
        + _any(SIGN_DETERMINERS)
        + r"\s+(?:[\w-]+\s+)?"
        + _alt(("sign", "signs"))
        + r"|"
        + _any(SIGNS_STRONG)
        + r")(?!-)[^.!?\n]{0,50}?\b(?:(?:in|on|across)\s+(?:your"
        r"|the)\s+(?:front\s+)?(?:yard|lawn|garden|driveway|fence|gate|door|porch|window"
        r"|street|house|home|shop|store|building)|outside\s+(?:your|the)\s+(?:house|home"
        r"|property|shop|store|office|business|door|building|church|place)"
        r"|in\s+front\s+of\s+your\s+\w+|around\s+(?:your|the)\s+(?:neighbou?rhood|street"
        r"|block|town|area|village|estate|building)|(?:to|at)\s+your\s+(?:neighbou?rs"
        r"|church|work|workplace|school))",
        SIGNS,
        unless=_SIGN_WORK,
    ),
    # --- threats ---
    _rule(THREAT, r"\bor\s+else\b", ("or else",)),
    _rule(THREAT, _any(THREAT_PHRASES), THREAT_PHRASES),
    _rule(
        THREAT,
        r"\bby(?<!\bnot\sby)(?<!not,\sby)(?<!\bpay\sby)(?<!payment\sby)(?<!payments\sby)"
        r"\s+any\s+means\b",
        ("means",),
    ),
    _rule(
        THREAT,
        r"\b(?:we|i)\s+(?:\w+\s+)?know\s+where\s+(?!you(?:'re|\s+are)\s+coming\s+from)"
        r"(?:you|your|to\s+find\s+you|they|he|she)\b"
        r"|\b(?:we|i)\s+(?:\w+\s+)?know\s+(?:your\s+(?:routine|movements|license\s+plate"
        r"|licence\s+plate|number\s+plate|home\s+address)|what\s+(?:car|truck|van)\s+you"
        r"\s+drive|when\s+you\s+(?:leave|get\s+home|are\s+home|are\s+alone|go\s+to\s+bed))",
        _words("know where, know your, know what, know when"),
    ),
    _rule(
        THREAT,
        r"\b(?:get|collect|recover|be\s+paid|get\s+paid|have\s+my\s+money)\w*\b"
        r"[^.!?\n]{0,40}\bone\s+way\s+or\s+the\s+other\b",
        ("one way or the other",),
    ),
    _rule(THREAT, _any(VIOLENCE) + r"\s+(?:you|your)\b(?!r?self)", VIOLENCE),
    _rule(
        THREAT,
        r"\b(?:someone|somebody|you|people|anyone|things)\s+(?:\w+\s+)?(?:get|gets"
        r"|getting)\s+(?:hurt|injured|harmed)\b",
        ("hurt", "injured", "harmed"),
        unless=_unless_about_the_work(
            r"panel|wiring|wires?|outlets?|sockets?|breakers?|covers?|shock|live|circuits?|fire"
            r"|faults?|unsafe|exposed|electric\w*|ladder|scaffold\w*|site"
        ),
    ),
    _rule(
        THREAT,
        r"\bbreak\s+your\s+(?:legs?|arms?|neck|bones|nose|jaw|face|windows?|door|car"
        r"|van|truck|fingers|kneecaps)\b",
        ("break",),
    ),
    _rule(
        THREAT,
        _any(VANDALISM) + r"\s+(?:up\s+)?your\s+(?:car|truck|van|tyres|tires|windows?"
        r"|house|home|place|shop|property|face)\b",
        VANDALISM,
    ),
    _rule(
        THREAT,
        _WE + r"\s+(?:burn|torch|firebomb|wreck|trash|smash)\b",
        _words("burn, torch, firebomb, wreck, trash, smash"),
    ),
    _rule(
        THREAT,
        r"\bmake\s+(?:your\s+life|things|it|life)\s+(?:very\s+|really\s+|extremely\s+)?"
        r"(?:difficult|hard|miserable|hell|unpleasant|a\s+misery|a\s+living\s+hell)\b",
        _words("make your life, make things, make it, make life"),
        _words("difficult, hard, miserable, hell, unpleasant, misery"),
    ),
    _rule(
        THREAT,
        r"\b(?:ruin|destroy|wreck|finish)\s+(?:you|your)\b(?!r?self)(?!\s+credit)",
        _words("ruin, destroy, wreck, finish"),
    ),
    _rule(
        THREAT,
        r"\b(?:come|coming|be|send\s+someone)\s+(?:round|around|over)\s+to\s+"
        r"(?:collect|see\s+you|your|sort|get|deal|have\s+a\s+word)",
        ("round to", "around to", "over to"),
        unless=_WORK_CONTEXT,
    ),
    # --- false criminal threats and accusations ---
    _rule(CRIMINAL, _any(CRIMES), CRIMES),
    _rule(CRIMINAL, r"\byou\s+(?:\w+\s+){0,2}(?:be\s+|get\s+)locked\s+up\b", ("locked",)),
    _rule(CRIMINAL, _any(CHARGE_VERBS) + r"\s+(?:criminal\s+)?charges\b", CHARGE_VERBS),
    _rule(
        CRIMINAL,
        r"\bcharged\s+with\s+(?:a\s+|an\s+)?(?:crime|theft|fraud|stealing|offen[cs]e"
        r"|felony|misdemeanou?r)",
        ("charged",),
    ),
    _rule(CRIMINAL, r"\bwarrants?\s+(?:out\s+)?for\s+(?:you|your)\b", ("warrant", "warrants")),
    _rule(
        CRIMINAL,
        _any(REPORT) + r"\s+(?:you\s+|this\s+|it\s+|the\s+(?:matter|debt)\s+)?"
        r"(?:straight\s+)?to\s+(?:the\s+)?" + _alt(REPORT_TO),
        REPORT,
        REPORT_TO,
    ),
    _rule(
        CRIMINAL,
        r"\b(?:is|was|be|are|constitutes?|amounts?\s+to|commit\w*|guilty\s+of"
        r"|accus\w*\s+you\s+of|report\w*\s+(?:you\s+)?(?:for|as)|sue\s+you\s+for"
        r"|no\s+different\s+from|same\s+as|nothing\s+less\s+than|nothing\s+short\s+of"
        r"|tantamount\s+to|plain)\s+(?:\w+\s+){0,2}?" + _alt(DISHONESTY),
        DISHONESTY,
    ),
    _rule(
        CRIMINAL,
        _any(STEAL) + r"\s+(?:from\s+(?:me|us|my|our)|my|our|the\s+(?:work|service"
        r"|services|power|labou?r|materials))\b",
        STEAL,
    ),
    _rule(CRIMINAL, r"\byou\s+(?:are\s+|have\s+been\s+|were\s+)?" + _alt(STEAL), STEAL),
    _rule(
        CRIMINAL,
        r"\byou\s+(?:\w+\s+)?fraudulently\b|\b(?:this|that|it|your\s+\w+)\s+(?:is"
        r"|was)\s+fraudulent\b",
        ("fraudulently", "fraudulent"),
    ),
    # --- garnishment ---
    _rule(GARNISH, _any(GARNISHING), GARNISHING),
    _rule(
        GARNISH,
        _any(GRAB_VERBS) + r"\s+(?:on\s+|out\s+of\s+|from\s+)?your\s+(?:wages|pay"
        r"|paycheck|paycheque|salary|bank|bank\s+account|account|accounts|earnings|income"
        r"|benefits)\b",
        GRAB_VERBS,
        _phrases(
            ("your",),
            _words(
                "wages, pay, paycheck, paycheque, salary, bank, account, accounts, earnings, income, "
                "benefits"
            ),
        ),
    ),
    _rule(
        GARNISH,
        r"\byour\s+(?:bank\s+account|bank|account|accounts|wages|pay|paycheck|paycheque"
        r"|salary|earnings|benefits)\s+(?:\w+\s+){0,2}?(?:frozen|levied|seized|emptied|docked"
        r"|attached|drained)\b",
        _words("frozen, levied, seized, emptied, docked, attached, drained"),
    ),
    _rule(
        GARNISH,
        r"\bwage\s+(?:attachment|deduction\s+order|order|levy)\b"
        r"|\battachment\s+of\s+(?:your\s+)?(?:wages|earnings)\b",
        ("wage", "attachment"),
    ),
    # --- cutting the power, taking equipment back ---
    _rule(PROPERTY, _any(SEIZING) + r"(?!\s+(?:up|at|in)\b)", SEIZING),
    _rule(
        PROPERTY,
        _WE + r"\s+" + _alt(REMOVE_VERBS) + r"[^.!?\n]{0,40}?" + _any(GOODS),
        REMOVE_VERBS,
        GOODS,
        unless=_WORK_CONTEXT,
    ),
    _rule(
        PROPERTY,
        _WE + r"\s+" + _alt(SPLIT_VERBS) + r"\s+(?:your|the|all\s+(?:of\s+)?(?:the"
        r"|your)|that|those|these|my|our|every|each)\s+(?:[\w-]+\s+){0,3}?"
        + _alt(GOODS)
        + r"\s+(?:[\w-]+\s+){0,3}?(?:back\s+)?(?:off|out|back|away|down)\b",
        SPLIT_VERBS,
        GOODS,
        _words("off, out, back, away, down"),
        unless=_WORK_CONTEXT,
    ),
    _rule(
        PROPERTY,
        _WE + r"\s+" + _alt(CUT_VERBS) + r"\s+(?:off\s+)?(?:your|the)\s+(?:electric\s+"
        r"|electrical\s+|main\s+)?" + _alt(SUPPLY) + r"(?!\s+(?:company|provider|utility"
        r"|panel|cables?|wires?|upgrade|call|drop|entrance|agreement|contract|plan"
        r"|visits?|schedule))",
        CUT_VERBS,
        SUPPLY,
        unless=_WORK_CONTEXT,
    ),
    _rule(PROPERTY, _WE + r"\s+" + _alt(CUT_YOU_OFF), CUT_YOU_OFF),
    _rule(
        PROPERTY,
        _WE
        + r"\s+(?:have|get)\s+(?:your|the)\s+(?:[\w-]+\s+){0,2}?"
        + _alt(GOODS)
        + r"\s+(?:turned\s+off|switched\s+off|shut\s+off|cut\s+off|disconnected|removed"
        r"|taken\s+(?:out|back|away)|pulled(?:\s+out)?|ripped\s+out|repossessed|locked\s+off)\b",
        ("have", "get"),
        GOODS,
        unless=_WORK_CONTEXT,
    ),
    _rule(
        PROPERTY,
        r"\b(?:your|the)\s+(?:[\w-]+\s+){0,2}?" + _alt(GOODS) + r"\s+(?:is|are)\s+"
        r"(?:coming\s+(?:back\s+)?out|going\s+back|getting\s+(?:pulled|ripped|taken|removed)"
        r"|being\s+(?:pulled|ripped|taken|removed))\b[^.!?\n]{0,60}?\b(?:unless|if\s+you"
        r"\s+(?:don't|do\s+not)|until|till)\b",
        GOODS,
        _words("coming, going, getting, being"),
    ),
    _rule(
        PROPERTY,
        r"\bleave\s+you\s+(?:in\s+the\s+dark|without\s+(?:power|electricity|lights"
        r"|heat|heating))\b",
        ("leave",),
    ),
    _rule(
        PROPERTY,
        _any(DISCONNECTION)
        + r"\s+(?:your|the)\s+(?:electric(?:al|ity)?\s+)?(?:service|power|supply|electricity"
        r"|meter)\b",
        DISCONNECTION,
        unless=_WORK_CONTEXT,
        pardon=r"(?:\bplease\s+|\byou\s+(?:can|may|should|could)\s+)\Z",
    ),
    _rule(
        PROPERTY, r"\b(?:result|end)\s+in\s+(?:the\s+)?" + _alt(LOSS_WORDS) + r"\s+of\b", LOSS_WORDS
    ),
    _rule(
        PROPERTY,
        r"\b(?:disconnection|shut-?off|shutoff|cut-?off|cutoff)\s+notice\b",
        _words("disconnection, shut, shutoff, cut, cutoff"),
    ),
    _rule(
        PROPERTY,
        r"\b(?:your|the)\s+(?:[\w-]+\s+){0,2}?"
        + _alt(GOODS)
        + r"\s+(?:(?:will|shall|may|would|could|is\s+going\s+to|are\s+going\s+to|might|can)\s+"
        r"(?:\w+\s+)?be|gets?|will\s+get|is\s+getting)\s+(?:taken(?:\s+back|\s+out|\s+away)?|removed|disconnected|cut\s+off"
        r"|cut|switched\s+off|shut\s+off|turned\s+off|reclaimed|repossessed|pulled(?:\s+out)?"
        r"|ripped\s+out|torn\s+out|stripped\s+out|killed|terminated|locked\s+off"
        r"|locked\s+out)\b",
        GOODS,
        _words(
            "taken, removed, disconnected, cut, switched, shut, turned, reclaimed, repossessed, "
            "pulled, ripped, torn, stripped, killed, terminated, locked"
        ),
        unless=_WORK_CONTEXT,
    ),
    _rule(
        PROPERTY,
        _WE + r"\s+(?:rip|pull|tear|strip|take|yank)\s+(?:it|them|everything)\s+"
        r"(?:all\s+)?out\b(?!\s+of\s+your\s+(?:pay|wages|salary|paycheck|account))",
        _words("rip, pull, tear, strip, take, yank"),
        ("out",),
        unless=_WORK_CONTEXT,
    ),
    _rule(
        PROPERTY,
        _WE + r"\s+take\s+(?:everything|it\s+all|all\s+of\s+it)\s+back\b",
        ("back",),
        unless=_WORK_CONTEXT,
    ),
    # --- intimidation: police, a sheriff, relatives, friends and hired help ---
    _rule(INTIMIDATION, _any(INTIMIDATORS), INTIMIDATORS),
    _rule(INTIMIDATION, _any(LEANING), LEANING),
    _rule(
        INTIMIDATION,
        _any(SEND_VERBS) + r"\s+(?:in\s+|round\s+|over\s+)?(?:the\s+|some\s+"
        r"|my\s+|a\s+few\s+)?(?:big\s+)?" + _alt(HIRED_HELP),
        SEND_VERBS,
        HIRED_HELP,
    ),
    _rule(
        INTIMIDATION,
        _any(SHERIFF) + r"\s+(?:\w+\s+)?(?:will|shall|may|can|could|might"
        r"|is\s+going\s+to)\s+(?:\w+\s+)?(?:come|visit|knock|take|seize|remove|sell"
        r"|auction|lock|evict|collect|arrest|be\s+at|show\s+up|turn\s+up|escort"
        r"|pay\s+you|be\s+knocking|be\s+round|deal)",
        SHERIFF,
    ),
    _rule(
        INTIMIDATION,
        _any(SHERIFF) + r"\s+(?:at|on|to|knocking\s+on)\s+your\s+(?:door|house"
        r"|home|doorstep|work)|" + _any(SHERIFF) + r"\s+(?:sale|auction|deputies"
        r"|officers?)\b",
        SHERIFF,
    ),
    _rule(INTIMIDATION, r"\bsend\w*\s+(?:\w+\s+){0,2}" + _alt(SHERIFF), SHERIFF),
    _rule(INTIMIDATION, _any(SHERIFF), SHERIFF, unless=_SERVICE_OF_PROCESS),
    _rule(INTIMIDATION, r"\b(?:is|are|was)\s+(?:a|an)\s+" + _alt(MUSCLE_JOBS), MUSCLE_JOBS),
    # --- harassment: the customer's children, their school, their workplace, every day ---
    _rule(
        APPROACH,
        _any(APPROACH_VERBS)
        + r"[^.!?\n]{0,30}?\b(?:(?:to|by|into)\s+"
        + _WHOSE
        + r"(?:"
        + _alt(PLACES)
        + r"|work\b(?!\s*(?:sites?|orders?|areas?|on)\b))"
        + r"|(?:at|outside|near|in\s+front\s+of)\s+"
        + _WHOSE
        + r"(?:"
        + _alt(PLACES)
        + r"|"
        + _AT_WORK
        + r"))",
        APPROACH_VERBS,
        _phrases(_WHOSE_WORDS, (*PLACES, "work", "job")),
    ),
    _rule(
        APPROACH,
        r"\byour\s+(?:" + _KIN + r")\s+(?:will|would|could|may|might|are\s+going\s+to"
        r"|is\s+going\s+to)\s+(?:be\s+)?(?:(?:so|very|really)\s+)?(?:embarrass\w*"
        r"|ashamed|humiliat\w*|shamed|scared|frightened|upset|afraid|bullied|teased)\b",
        KIN,
    ),
    _rule(APPROACH, r"\bin\s+front\s+of\s+(?:your|their)\s+" + _alt(KIN, PEOPLE_ANY), ("front",)),
    _rule(
        APPROACH,
        _any(REPEAT_VERBS) + r"[^.!?\n]{0,40}?\b(?:every\s+(?:single\s+)?(?:day|night"
        r"|hour|morning|evening|weekend)|day\s+and\s+night|night\s+and\s+day"
        r"|around\s+the\s+clock|round\s+the\s+clock|non-?stop|(?:un)?til+\s+you\s+pay"
        r"|till\s+you\s+pay|as\s+often\s+as\s+(?:it\s+takes|i\s+like|i\s+want|i\s+need)"
        r"|at\s+all\s+hours|again\s+and\s+again|over\s+and\s+over|every\s+chance)",
        REPEAT_VERBS,
        _words(
            "every day, every night, every hour, every morning, every evening, every weekend, day and "
            "night, the clock, nonstop, non stop, until you pay, till you pay, til you pay, as often "
            "as, all hours, again and again, over and over, every chance"
        ),
    ),
    _rule(
        APPROACH,
        _any(LOITER) + r"\s+(?:\w+\s+)?(?:outside|at|on|by)\s+your\s+(?:door|doorstep"
        r"|house|home|driveway|front\s+door|gate)\s+(?:until|till|every|all\s+day"
        r"|day\s+and\s+night)\b",
        LOITER,
    ),
    _rule(
        APPROACH,
        r"\bfollow\s+you\b|\bbe\s+waiting\s+(?:for\s+you\s+)?(?:outside|at)\s+your\b",
        ("follow", "waiting"),
    ),
    # --- third parties: anyone but the customer ---
    _rule(
        THIRD_PARTY,
        _any(CONTACT_VERBS) + r"[^.!?\n]{0,30}?\b(?:(?:your"
        r"|the\s+customer's)\s+(?:own\s+|(?:business|company|firm|shop|store)(?:'s|')?\s+)?"
        + _alt(PEOPLE_ANY)
        + r"(?!\s+(?:identification|business)\b)|the\s+(?:other\s+)?"
        + _alt(PEOPLE_THE)
        + r")",
        CONTACT_VERBS,
        PEOPLE_ANY,
        unless=_ACCESS_CONTEXT,
        pardon=_THEIR_OWN,
    ),
    _rule(
        THIRD_PARTY,
        _any(CONTACT_VERBS) + r"[^.!?\n]{0,30}?\b(?:everyone|everybody|people|all)\s+"
        r"(?:at|in|from)\s+your\s+" + _alt(GATHERINGS),
        CONTACT_VERBS,
        _EVERYONE_AT,
    ),
    _rule(
        THIRD_PARTY,
        r"\blet\s+(?:your|the)\s+" + _alt(PEOPLE_ANY) + r"\s+(?:\w+\s+)?know\b",
        ("let",),
        PEOPLE_ANY,
        pardon=_THEIR_OWN,
    ),
    _rule(
        THIRD_PARTY,
        r"\bmake\s+sure\s+(?:your|the)\s+"
        + _alt(PEOPLE_ANY)
        + r"\s+(?:knows?|hears?|finds?\s+out|learns?)\b",
        ("make",),
        PEOPLE_ANY,
    ),
    _rule(
        THIRD_PARTY,
        r"\b(?:your|the)\s+(?:whole\s+|entire\s+)?"
        + _alt(PEOPLE_ANY)
        + r"\s+(?:\w+\s+)?(?:will|would|could|should|must|may|might|are\s+going\s+to"
        r"|is\s+going\s+to|shall|are\s+about\s+to|is\s+about\s+to)\s+(?:soon\s+|also\s+|all\s+"
        r"|certainly\s+|surely\s+|definitely\s+|then\s+)?"
        + _alt(HEAR_VERBS)
        + r"(?!\s+(?:where|when|which|how\s+to|the\s+(?:code|way|panel|breaker)))",
        PEOPLE_ANY,
        HEAR_VERBS,
        unless=_ACCESS_CONTEXT,
    ),
    _rule(
        THIRD_PARTY,
        r"\bcc:?\s+(?:to\s+)?(?:your|the)\s+"
        + _alt(PEOPLE_ANY)
        + r"|\bcop(?:y|ies)\s+(?:of\s+(?:this|the|my)\s+\w+\s+)?(?:will\s+(?:be\s+sent|go)"
        r"|(?:is|are)\s+(?:being\s+sent|sent|going)|goes|go)\s+to\s+(?:your|the)\s+"
        + _alt(PEOPLE_ANY),
        ("cc", "copy", "copies"),
        PEOPLE_ANY,
    ),
    _rule(
        THIRD_PARTY,
        r"\b(?:everyone|everybody|people|all)\s+(?:at|in|from)\s+your\s+"
        + _alt(GATHERINGS)
        + r"\s+(?:\w+\s+)?(?:will|is\s+going\s+to|are\s+going\s+to|would"
        r"|should)\s+(?:soon\s+|all\s+)?(?:know|hear|learn|find\s+out|be\s+told)\b",
        _EVERYONE_AT,
    ),
    # --- insults and accusations of dishonesty ---
    _rule(INSULT, _any(INSULTS), INSULTS),
    _rule(
        INSULT,
        r"(?:\byou(?:'re|\s+are|\s+were|\s+have\s+been|\s+acted\s+like|\s+behaved\s+like"
        r"|\s+act\s+like|\s+behave\s+like)?|\bsuch\s+an?|\bwhat\s+an?|\blike\s+an?"
        r"|\bnothing\s+but\s+an?|\bbunch\s+of|\bpack\s+of|\bpeople\s+like\s+you\s+are"
        r"|\btypical)\s+(?:(?:an?|a\s+real|such\s+an?|just\s+an?|nothing\s+but\s+an?"
        r"|total|complete|absolute|utter|bloody|lying|thieving|cheating|dishonest|dirty"
        r"|rotten|little|lazy|common|sorry|no-?good|nogood|useless|worthless|really|very"
        r"|so|being|low-?down|cheap|two-?faced|twofaced|miserable)\s+){0,4}" + _alt(INSULT_NOUNS),
        INSULT_NOUNS,
    ),
    _rule(
        INSULT,
        r"\byou(?:'re|\s+are|\s+were|\s+have\s+been)\s+(?:(?:so|really|very|just|truly"
        r"|clearly|obviously|utterly|completely|totally|being|such)\s+)*" + _alt(INSULT_ADJECTIVES),
        INSULT_ADJECTIVES,
    ),
    _rule(INSULT, _any(INSULT_PHRASES), INSULT_PHRASES),
    _rule(
        INSULT,
        _any(INSULT_ADJECTIVES_BEFORE) + r"\s+(?:man|woman|person|people|customer"
        r"|customers|family|lot|client|fool|excuses?\s+for)\b",
        INSULT_ADJECTIVES_BEFORE,
        _words(
            "man, woman, person, people, customer, customers, family, lot, client, fool, excuse, "
            "excuses"
        ),
    ),
    # --- posing as a lawyer, a court, the government or a collection agency ---
    _rule(
        IMPERSONATION,
        r"\b(?:our|my|the\s+company's|the\s+firm's|this\s+company's)\s+(?:own\s+)?"
        + _alt(LEGAL_STAFF),
        LEGAL_STAFF,
    ),
    _rule(IMPERSONATION, _any(POSING), POSING),
    _rule(IMPERSONATION, r"\bon\s+behalf\s+of\s+" + _alt(AUTHORITIES), ("behalf",)),
    _rule(
        IMPERSONATION,
        r"\b(?:from|by)\s+the\s+(?:court|state|county|government|sheriff"
        r"|attorney\s+general|department\s+of\s+\w+)\s+(?:of\s+\w+\s+)?(?:notice"
        r"|order|demand|officer|office)\b",
        _words("notice, order, demand, officer, office"),
        _words(
            "the court, the state, the county, the government, the sheriff, the attorney general, the "
            "department"
        ),
    ),
    _rule(
        IMPERSONATION,
        _any(OFFICIALDOM) + r"\s+(?:official|agency|authority|department|office"
        r"|agent|officer)\s+(?:will|has|is|requires|demands|orders|on\s+behalf)\b",
        OFFICIALDOM,
        _words("official, agency, authority, department, office, agent, officer"),
    ),
    _rule(
        IMPERSONATION,
        r"\bthe\s+court\s+(?:has\s+)?(?:ordered|orders|demands|requires\s+you"
        r"\s+to\s+pay)\b",
        ("court",),
        _words("ordered, orders, demands, requires"),
    ),
    _rule(IMPERSONATION, _any(COLLECTORS), COLLECTORS),
    _rule(
        IMPERSONATION,
        r"\b(?:sent|send|sending|hand\w*\s+(?:over\s+)?|pass\w*|refer\w*"
        r"|turn\w*\s+over|go(?:es|ing)?)\s+(?:it\s+|this\s+|the\s+(?:account|debt"
        r"|matter|balance|bill|invoices?)\s+|your\s+(?:account|debt|bill)\s+)?"
        r"(?:over\s+)?to\s+collections?\b",
        ("collection", "collections"),
    ),
    # --- false legal threats: what the business cannot or does not mean to do ---
    _rule(FALSE_LEGAL, _any(CREDIT_BUREAUS), CREDIT_BUREAUS),
    _rule(
        FALSE_LEGAL,
        r"\b(?:ruin|damage|destroy|wreck|hurt|tank|trash|lower|harm|affect|blacklist|blemish"
        r"|report\s+on)\w*\s+your\s+credit\b(?!\s+(?:balance|note|notes|memo|of|for|limit|terms"
        r"|line|on\s+(?:the|your)\s+account))",
        ("your credit",),
        pardon=_DENIED,
    ),
    _rule(
        FALSE_LEGAL,
        r"\byour\s+credit\s+(?:score\s+|rating\s+|record\s+|history\s+|file\s+|report\s+)?"
        r"(?:will|could|may|might|is\s+going\s+to|would)\s+(?:\w+\s+)?(?:be\s+)?(?:ruin|damag"
        r"|destroy|suffer|drop|fall|plummet|take\s+a\s+hit|tank|hit|affect|lower|harm|wreck|shot)\w*",
        ("your credit",),
    ),
    _rule(
        FALSE_LEGAL,
        r"\b(?:go|appear|show\s+up|be\s+(?:listed|recorded|reported|noted|put))\s+on\s+your"
        r"\s+credit\b",
        ("on your credit",),
    ),
    _rule(
        FALSE_LEGAL,
        _any(REPORT) + r"\s+(?:you\s+|this\s+|it\s+|the\s+(?:debt|account|balance)\s+)?"
        r"(?:as\s+(?:a\s+)?(?:bad\s+)?debt\s+)?to\s+(?:the\s+)?credit\b",
        REPORT,
        ("credit",),
    ),
    _rule(
        FALSE_LEGAL,
        r"\bcredit\s+(?:blacklist|black\s+list)|\bbad\s+credit\s+(?:rating|record|listing|file)\b",
        ("credit",),
        _words("blacklist, black, bad"),
    ),
    _rule(
        FALSE_LEGAL,
        _any(MULTIPLES) + r"\s+(?:the\s+)?(?:damages|amount|debt|balance"
        r"|what\s+you\s+owe|invoice|bill|sum|costs)\b",
        MULTIPLES,
    ),
    _rule(
        FALSE_LEGAL,
        r"\bsue\s+you\s+for\s+(?:triple|treble|double|punitive|everything|all\s+you"
        r"|every|damages|emotional|distress|lost|pain|defamation|libel|slander"
        r"|your\s+(?:house|home|car|business)|more\s+than)|\b(?:punitive|exemplary)"
        r"\s+damages\b",
        ("sue", "punitive", "exemplary"),
    ),
    _rule(
        FALSE_LEGAL,
        r"(?:"
        + _WE
        + r"|"
        + _YOU_WILL
        + r"(?:\s+\w+)?)\s+"
        + _alt(TAKE_HOME_VERBS)
        + r"\s+(?:off\s+)?your\s+"
        + _alt(HOMES)
        + r"(?!\s+(?:phone|number|address|office"
        r"|email|insurance|improvement|owner|page|screen))",
        TAKE_HOME_VERBS,
        _phrases(("your",), HOMES),
    ),
    _rule(FALSE_LEGAL, _any(RUIN), RUIN),
    _rule(
        FALSE_LEGAL,
        _any(GRAB_ALL) + r"\s+(?:\w+\s+)?every(?:thing|\s+(?:penny|cent|dime"
        r"|dollar|pound|asset))\s+you\s+(?:own|have|are\s+worth|earn|possess)\b",
        GRAB_ALL,
        ("everything", "every"),
    ),
    _rule(
        FALSE_LEGAL,
        _any(LIENS) + r"\s+(?:on|against)\s+(?:your\s+|all\s+(?:of\s+)?your\s+)?"
        r"(?:car|cars|truck|van|vehicles?|wages|pay|paycheck|salary|bank|account"
        r"|accounts|savings|income|business|everything|belongings|possessions|boat"
        r"|assets)\b",
        LIENS,
    ),
)


# ----- the canonical form: leetspeak, spacing, misspellings -----------------------------

#: Words the rules hang on whose misspellings are corrected. Brands are corrected however
#: they are capitalised; other words only when not written as a capitalised name
#: ("Mr Prisen" stays as he is).
BRANDS = frozenset(
    _words(
        "craigslist, equifax, experian, facebook, google, homeadvisor, instagram, linkedin, nextdoor, "
        "reddit, snapchat, thumbtack, tiktok, transunion, trustpilot, twitter, youtube"
    )
)
KEYWORDS = BRANDS | frozenset(
    _words(
        "agency, another, arrest, arrested, attorney, attorneys, bailiff, bailiffs, banner, "
        "billboard, blacklist, bureau, bureaus, cheater, church, colleagues, collection, collections, "
        "confiscate, congregation, consequences, cops, coworkers, criminal, crook, crooks, customers, "
        "damages, daycare, deadbeat, deadbeats, department, disconnect, electricity, embarrass, "
        "employer, employers, eviction, expose, foreclose, foreclosure, fraud, fraudster, freeloader, "
        "garnish, garnished, garnishment, humiliate, idiot, idiots, imbecile, impound, jail, "
        "kindergarten, landlady, landlord, landlords, lawyer, lawyers, legal, liar, liars, loser, "
        "losers, lowlife, moron, morons, neighbor, neighborhood, neighbors, neighbour, neighbourhood, "
        "neighbours, newspaper, newspapers, official, pastor, placard, police, prison, prosecute, "
        "prosecuted, prosecution, publicly, punitive, regret, relatives, repossess, repossessed, "
        "repossession, review, reviews, scammer, scammers, school, scumbag, seize, seized, shame, "
        "sheriff, stealing, stupid, supplier, suppliers, swindler, tenants, theft, thief, thieves, "
        "treble, triple, wages, whatever, workplace, yelp"
    )
)

#: Misspellings corrected whatever their case (short words, and what a typo usually gives).
MISSPELLINGS: dict[str, str] = _pairs(
    "revew: review, reveiw: review, reivew: review, reviw: review, revue: review, revews: "
    "reviews, reveiws: reviews, reviewz: reviews, yelpp: yelp, yellp: yelp, yeelp: yelp, yeip: "
    "yelp, ylep: yelp, yepl: yelp, eylp: yelp, yalp: yelp, yelpe: yelp, facebok: facebook, "
    "facbook: facebook, faceboook: facebook, fcebook: facebook, fasebook: facebook, fecebook: "
    "facebook, facebk: facebook, nextdor: nextdoor, nxtdoor: nextdoor, nexdoor: nextdoor, twiter: "
    "twitter, twittr: twitter, gogle: google, googel: google, goolge: google, nieghbor: neighbor, "
    "nieghbors: neighbors, nieghbour: neighbour, nieghbours: neighbours, neigbor: neighbor, "
    "neigbors: neighbors, neigbour: neighbour, neigbours: neighbours, naybors: neighbors, nabors: "
    "neighbors, neighbers: neighbors, nieghborhood: neighborhood, neigborhood: neighborhood, "
    "nieghbourhood: neighbourhood, neibors: neighbors, neighors: neighbors, emplyer: employer, "
    "employeer: employer, emploer: employer, imployer: employer, empolyer: employer, employr: "
    "employer, emplyor: employer, employor: employer, landlrod: landlord, lanlord: landlord, "
    "landord: landlord, landlard: landlord, lanlady: landlady, landlorde: landlord, polise: "
    "police, poilce: police, pollice: police, plice: police, pollis: police, prision: prison, "
    "prisson: prison, arested: arrested, arrestd: arrested, arest: arrest, jial: jail, jale: "
    "jail, gaol: jail, criminel: criminal, crimnal: criminal, crimminal: criminal, sherrif: "
    "sheriff, sherif: sheriff, sherriff: sheriff, shirriff: sheriff, garnishe: garnish, garnsh: "
    "garnish, garnash: garnish, garnesh: garnish, lawer: lawyer, lawyr: lawyer, laywer: lawyer, "
    "atorney: attorney, attourney: attorney, attorny: attorney, deadbeet: deadbeat, dedbeat: "
    "deadbeat, scamer: scammer, skammer: scammer, idoit: idiot, idot: "
    "idiot, idjit: idiot, theif: thief, theives: thieves, thiefs: thieves, thiev: thief, stupd: "
    "stupid, stoopid: stupid, fraudser: fraudster, lier: liar, lyer: liar, disconect: disconnect, "
    "disconnet: disconnect, repossese: repossess, reposess: repossess, repocess: repossess, "
    "creditbureau: credit bureau, buearu: bureau, bureu: bureau, buro: bureau, churh: church, "
    "chruch: church, tennants: tenants, tenents: tenants, costumers: customers, custmers: "
    "customers, suppliars: suppliers, relitives: relatives"
)

#: Real words one letter from a keyword: never "corrected" ("preview", "policy", "varnish").
#: Made from the American and British word lists; see tests/documents/test_tone_families.py.
NEAR_WORDS: frozenset[str] = frozenset(
    _words(
        "anther, armrest, arrester, arrests, astor, attorned, atwitter, bander, banger, banker, "
        "banned, banners, banter, billboards, blacklists, bonner, boron, brook, brooks, bureaux, "
        "cages, canner, castor, cheaper, cheated, cheaters, chester, chief, chook, churchy, closer, "
        "closers, colleague, confiscated, confiscates, congregations, consequence, cooks, coworker, "
        "criminals, croak, croaks, crock, crocks, cronk, crookes, croon, croons, curch, customer, "
        "damage, damaged, departments, deportment, disconnects, egret, employe, employed, employee, "
        "employees, employes, evection, evictions, expos, exposed, exposer, exposes, foreclosed, "
        "forecloses, foreclosures, frauds, fraudsters, freeloaded, freeloaders, freud, gages, "
        "garfish, garish, garnishee, garnisheed, garnishes, garnishments, geddit, goggle, googled, "
        "googles, googly, grison, heater, humiliated, humiliates, idiom, idioms, imbeciles, impounds, "
        "kindergartens, lairs, lanner, laser, lasers, layer, layers, legals, liard, liras, loner, "
        "loners, looser, loper, losel, loses, lover, lovers, lower, lowers, lowlifes, mages, manner, "
        "millboard, moons, moran, morin, morion, morions, mormon, mormons, morns, moroni, morton, "
        "myron, neighborhoods, neighbourhoods, officials, officinal, orison, pages, pasto, pastors, "
        "placards, poison, policed, polices, policy, polite, poser, posers, prepossess, prepossessed, "
        "prepossession, preview, previews, prion, prisons, prosecutes, prosecutions, rages, rarest, "
        "reedit, regal, reglet, regrets, regrew, relative, repossesses, repossessions, rooks, sages, "
        "sawyer, sawyers, scammed, scamper, scampers, schools, schorl, scumbags, sealing, seine, "
        "seined, seise, seizer, seizes, shade, shake, shale, shamed, shames, shammer, shams, shane, "
        "shape, share, shave, sheriffs, shool, sized, slammer, slammers, spammer, spammers, staling, "
        "stammer, stammers, steading, stealings, steaming, steeling, sterling, stupids, suppler, "
        "supplied, supplies, swages, swindle, swindled, swindlers, swindles, tanner, tarnish, "
        "tarnished, tenant, theater, thefts, thieu, thieve, thieved, thumbtacks, titter, trebled, "
        "trebles, trebly, tremble, trifle, tripe, tripled, triples, triplet, triplex, triply, trippe, "
        "twister, twitted, twitters, twittery, unitive, varnish, varnished, wades, wadges, waged, "
        "wager, wagers, wakes, wales, wanes, wanner, wares, waves, waxes, witter, workplaces"
    )
)

_LEET_I = str.maketrans("013457@$!|", "oieastasil")
_LEET_L = str.maketrans("013457@$!|", "oleastasil")
#: Typographic quotes and spaces, zero-width marks and homoglyphs, one character for one, so
#: that a phrase found in the folded text is the same span of the text as written.
_FOLD_SPECIAL = dict(
    zip(
        # quotes, hyphens and spaces; zero-width marks and the soft hyphen, read as "·"
        # (punctuation inside a word); Cyrillic and Greek letters that look Latin
        "’‘ʼ`´“”\u2010\u2011\u00a0\u202f\u2007\u200b\u200c\u200d\u2060\ufeff\u00ad"
        "аеорсухіѕјԁɡοαεικνρτυχкмнтв",
        "'''''\"\"--   ······aeopcyxisjdgoaeikvptuxkmhtb",
        strict=True,
    )
)


class _Fold(dict[int, str]):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _FOLD_SPECIAL.get(char)
        if folded is None:
            base = unicodedata.normalize("NFKD", char)[:1]
            folded = base.lower() if base.isascii() and base.isalnum() else char
            if code > 0x2000 and unicodedata.category(char) == "Zs":
                folded = " "
        self[code] = folded
        return folded


_FOLD = _Fold()
_WORD = re.compile(r"[a-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: A digit or symbol standing for a letter, or punctuation inside a word: "faceb00k",
#: "l@ndlord", "sh!t", "face-book". Only its neighbours are examined, in `_canonical`.
_SYMBOL_BY_LETTER = re.compile(r"[0-9@$!|\-_*·](?:(?<=[a-z].)|(?=[a-z]))")
_TOKEN = re.compile(r"[a-z0-9@$!|\-_*·]+")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|-_*·")
#: Letters written apart: "f a c e b o o k", "Y.e.l.p", "n-e-i-g-h-b-o-r-s".
_SPACED = re.compile(
    r"(?<![a-z0-9@$])[a-z0-9@$](?![a-z0-9@$])(?:[ \t.\-_*·/+~]{1,3}[a-z0-9@$]"
    r"(?![a-z0-9@$])){2,}"
)
#: Single letters that ordinary English leaves as words of their own ("a", "I", "don't",
#: "I'm", "I'd", "customer's"); any other single letter may be part of a spaced-out word.
_LONE_LETTERS = frozenset("aistdm")
_SEPARATORS = re.compile(r"[\-_*·]+")
_SPACING = re.compile(r"[ \t.\-_*·/+~]+")
_ILL = re.compile(r"\bIll\b")


@lru_cache(maxsize=8192)
def _correct(word: str) -> tuple[str, bool] | None:
    """The keyword `word` misspells, and whether the correction holds in any case."""
    if word in KEYWORDS:
        return None
    if word in MISSPELLINGS:
        return MISSPELLINGS[word], True
    if len(word) < 5 or len(word) > 16 or word in NEAR_WORDS:
        return None
    found: set[str] = set(_DELETES.get(word, ()))
    for i in range(len(word)):
        found.update(_DELETES.get(word[:i] + word[i + 1 :], ()))
    for keyword in sorted(found):
        if _one_edit_apart(word, keyword):
            return keyword, keyword in BRANDS
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _deletes_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for keyword in KEYWORDS:
        if len(keyword) < 5:
            continue
        index.setdefault(keyword, set()).add(keyword)
        for i in range(len(keyword)):
            index.setdefault(keyword[:i] + keyword[i + 1 :], set()).add(keyword)
    return {key: tuple(sorted(found)) for key, found in index.items()}


_DELETES = _deletes_index()
#: Words the rules know: a rewrite that brings none of them out is not worth making.
_KNOWN = (
    KEYWORDS
    | frozenset(MISSPELLINGS.values())
    | frozenset(
        w
        for rule in RULES
        for gate in rule.gates
        for entries in gate.values()
        for need, _ in entries
        for w in need
        if len(w) > 2
    )
)


def _worth(run: str, fixed: str) -> bool:
    return fixed != run and not (set(_WORD.findall(fixed)) & _KNOWN).issubset(_WORD.findall(run))


def _fix_word(word: str) -> str:
    corrected = _correct(word)
    return corrected[0] if corrected else word


@lru_cache(maxsize=4096)
def _fix_token(token: str) -> str:
    """A word with digits, symbols or punctuation for or between its letters, read as letters."""
    best = ""
    best_score = -1
    for table in (_LEET_I, _LEET_L) if any(c in token for c in "1|") else (_LEET_I,):
        parts = _SEPARATORS.split(token)
        seps = _SEPARATORS.findall(token)
        words = [p.translate(table) if re.search(r"[a-z]", p) else p for p in parts]
        out = words[0]
        for sep, nxt in zip(seps, words[1:], strict=True):
            joined = out[-1:].isalpha() and nxt[:1].isalpha()
            out += nxt if joined else sep + nxt
        out = _WORD.sub(lambda m: _fix_word(m.group()), out)
        score = sum(w in _KNOWN for w in _WORD.findall(out))
        if score > best_score:
            best, best_score = out, score
    return best


def _fix_spaced(run: str) -> str | None:
    """Letters written apart, joined back into a word; a lone "a" or "I" before it kept apart."""
    joined = _SPACING.sub("", run)
    if sum(c.isalpha() for c in joined) < 2:
        return None
    word = _fix_token(joined)
    if word not in _KNOWN and word[:1] in "ai" and len(word) > 3:
        rest = _fix_token(joined[1:])
        if rest in _KNOWN:
            return word[0] + " " + rest
    return word


#: How far a phrase may reach either side of a rewritten word (the longest rule spans a
#: subject, a verb, forty characters and a noun).
_REACH = 240


@dataclass(frozen=True)
class _Canon:
    """The canonical text, and where each of its pieces came from in the folded text."""

    text: str
    starts: tuple[int, ...]  # where each piece starts in `text`
    pieces: tuple[tuple[int, int, bool], ...]  # (start, end) in the folded text, verbatim?

    def near_rewrites(self) -> list[tuple[int, int]]:
        """The stretches of `text` within reach of a rewritten piece: elsewhere it reads as
        the folded text does, and the first pass has already looked there."""
        spans: list[tuple[int, int]] = []
        for i, (_, _, verbatim) in enumerate(self.pieces):
            if verbatim:
                continue
            end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            lo, hi = max(0, self.starts[i] - _REACH), min(len(self.text), end + _REACH)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        return spans

    def span(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_right(self.starts, start) - 1
        src_start, src_end, verbatim = self.pieces[i]
        a = src_start + (start - self.starts[i]) if verbatim else src_start
        j = bisect_right(self.starts, end - 1) - 1
        src_start, src_end, verbatim = self.pieces[j]
        b = src_start + (end - self.starts[j]) if verbatim else src_end
        return a, b


def _fold(text: str) -> str:
    """Lower-cased, quotes and look-alike letters folded — one character for each of `text`."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower()[:1] or c for c in text)
    return low if low.isascii() else _NON_ASCII.sub(lambda m: _FOLD[ord(m.group())], low)


def _canonical(text: str, folded: str, words: set[str]) -> _Canon | None:
    """The folded text rewritten into canonical form, or None when nothing needs rewriting."""
    edits: list[tuple[int, int, str]] = []
    if not _LONE_LETTERS.issuperset(w for w in words if len(w) == 1):
        for m in _SPACED.finditer(folded):
            fixed = _fix_spaced(m.group())
            if fixed is not None and _worth(m.group(), fixed):
                edits.append((m.start(), m.end(), fixed))
    seen = -1
    for m in _SYMBOL_BY_LETTER.finditer(folded):
        if m.start() < seen:
            continue
        start = m.start()
        while start > 0 and folded[start - 1] in _TOKEN_CHARS:
            start -= 1
        token = _TOKEN.match(folded, start)
        assert token is not None
        seen = token.end()
        run = token.group().strip("!|-_*·")
        start += token.group().index(run[:1]) if run else 0
        if run and _worth(run, read := _fix_token(run)):
            edits.append((start, start + len(run), read))
    fixes = {}
    for w in words:
        if len(w) >= 4 and (corrected := _correct(w)):
            fixes[w] = corrected
    if fixes:
        taken = [(a, b) for a, b, _ in edits]
        for m in re.finditer(r"\b(?:" + "|".join(sorted(fixes)) + r")\b", folded):
            keyword, any_case = fixes[m.group()]
            written = text[m.start() : m.end()]
            if not any_case and written[:1].isupper() and not written.isupper():
                continue
            if not any(a < m.end() and m.start() < b for a, b in taken):
                edits.append((m.start(), m.end(), keyword))
    if "Ill" in text:
        edits.extend((m.start(), m.end(), "i'll") for m in _ILL.finditer(text))
    if not edits:
        return None
    edits.sort()
    out: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[int, int, bool]] = []
    pos = length = 0
    for a, b, fixed in edits:
        if a < pos:
            continue
        if a > pos:
            starts.append(length)
            pieces.append((pos, a, True))
            out.append(folded[pos:a])
            length += a - pos
        starts.append(length)
        pieces.append((a, b, False))
        out.append(fixed)
        length += len(fixed)
        pos = b
    starts.append(length)
    pieces.append((pos, len(folded), True))
    out.append(folded[pos:])
    return _Canon("".join(out), tuple(starts), tuple(pieces))


# ----- checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    phrase: str
    reason: str

    @property
    def family(self) -> str:
        return FAMILIES.get(self.reason, "")


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[left : min(ends) if ends else len(text)]


def _matches(
    rule: Rule, text: str, words: set[str], squeezed: str, spans: list[tuple[int, int]]
) -> Iterable[tuple[int, int]]:
    """Where `rule` matches `text` within `spans`, less what its sentence lets through."""
    if not all(_open(gate, words, squeezed) for gate in rule.gates):
        return
    for lo, hi in spans:
        for m in rule.pattern.finditer(text, lo, hi):
            if rule.unless and _compile(rule.unless).search(_sentence(text, m.start(), m.end())):
                continue
            if rule.pardon:
                left = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
                if _compile(rule.pardon).search(text, left, m.start()):
                    continue
            yield m.start(), m.end()


def check_tone(text: str) -> list[Violation]:
    """Every phrase in `text` that a courteous, lawful letter may not contain, in text order."""
    text = text or ""
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    canon = _canonical(text, folded, words)
    squeezed = " ".join(folded.split())
    whole = [(0, len(folded))]
    if canon is not None:
        canon_words = set(_WORD.findall(canon.text))
        canon_squeezed = " ".join(canon.text.split())
        near = canon.near_rewrites()
    found: list[tuple[int, int, int, str]] = []
    for n, rule in enumerate(RULES):
        for a, b in _matches(rule, folded, words, squeezed, whole):
            found.append((a, n, b, rule.reason))
        if canon is not None:
            for a, b in _matches(rule, canon.text, canon_words, canon_squeezed, near):
                a, b = canon.span(a, b)
                found.append((a, n, b, rule.reason))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for a, _, b, reason in found:
        if any(r == reason and ka < b and a < kb for ka, kb, r in kept):
            continue
        kept.append((a, b, reason))
    return [Violation(" ".join(text[a:b].split()), reason) for a, b, reason in kept]


def guard(text: str, source: str) -> None:
    """Refuse `text` (from `source`, e.g. "your note") at its first offending phrase."""
    violations = check_tone(text)
    if violations:
        first = violations[0]
        raise Refused(f"letter refused: {first.phrase!r} in {source} — {first.reason}")
