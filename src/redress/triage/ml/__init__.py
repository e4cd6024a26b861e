"""The Django-free part of triage: features, the model, training, rule matching and evaluation.

Pure Python, numpy, scipy and scikit-learn (training only); nothing here imports Django, so it
runs and is tested without settings or a database. The Django side (models, rules in use, the
active version, services) lives beside this package and imports from it, never the reverse.

This package imports nothing itself: a light module (patterns, matching) must not load numpy.
"""
