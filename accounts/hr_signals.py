"""Signals of HR bulk operations, for apps that must react to employee changes.

Bulk writes skip the per-row pre_save/post_save signals; this one tells listeners what changed
instead, once per batch.
"""

from django.dispatch import Signal

#: Sent after a batch of existing employees was updated in bulk.
#: ``changes``: {employee primary key: [changed field attnames, e.g. "position", "work_unit_id"]}
employees_changed_in_bulk = Signal()
