from idkb.cli.main import main

if __name__ == "__main__":  # not when a second process of a big load imports this module
    main()
