"""The application layer: one function per use case, typed requests in, bytes or results out.

Both faces (the command line, the local web page) call these functions and only translate: options or query
parameters in, messages or HTTP statuses out. Nothing here imports click or speaks HTTP.
"""
