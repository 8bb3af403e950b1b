import multiprocessing

if __name__ == "__main__":
    # First thing in a frozen app: a started worker process runs its task here, not the GUI.
    multiprocessing.freeze_support()
    from desktop_app.app import cli

    raise SystemExit(cli.main())
