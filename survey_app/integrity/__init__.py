"""Integrity: detectors of interference in answering, the flags they raise, and MOHA's voids.

Void state is materialised on `Invitation.is_void`, which every other area already reads (the respondent
page, reminders, progress): an active void sets it, a revoke recomputes it from the voids still active.
"""
