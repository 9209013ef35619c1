"""The web face (``il2sched serve``): a local page over the application layer, its HTTP contract the command
line's. Imported only by the ``serve`` command, never by the layers below."""
