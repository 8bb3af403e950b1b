from desktop_app.app import cli

raise SystemExit(cli.main())
