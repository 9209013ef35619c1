"""``python -m il2sched``."""

from il2sched.cli import main

main()
