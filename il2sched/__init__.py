"""il2sched: dated administrations from a clinical-trial dosing protocol."""

__version__ = "0.1.0"
