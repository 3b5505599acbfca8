"""The editorial workflow: what keeps editors from losing each other's work, and the life of
a question from draft to review to publication and re-checking.

- ``text``: line endings from browsers normalised on the way in (no phantom changes);
- ``locking``: the edit token a form carries, refusing a save based on an out-of-date copy;
- ``entry``: a question with its parts as texts, for comparing two versions of it;
- ``workflow``: submit, approve, send back, confirm still correct (who may, and what it does);
- ``admin``: the admin's parts (mixins, review views, the index's queues, the preview);
- ``links``: checking the outside addresses of related links and answers.
"""
