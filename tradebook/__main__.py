from tradebook.cli import main

main()
