"""Semantic features on a sentence encoder (all-MiniLM-L6-v2): one runtime, loaded once per process.

``encoder`` is the runtime every semantic feature calls (pure of Django and of torch); ``data`` reads the
public training data; ``finetune`` trains check-worthiness v2 and needs the training extra
(``requirements/train.txt``).
"""
