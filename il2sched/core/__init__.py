"""The pure core: regimens, the schedule engine, closed days, the calendar grid, the worklist model, texts.

Nothing here reads a file, the clock, the environment or the network (an import-linter contract keeps it
so): the same input always gives the same result.
"""
