"""The ``verinet`` command line: one module per group of subcommands, dispatched by ``main``."""
