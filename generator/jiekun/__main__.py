from jiekun.cli import main

main()
