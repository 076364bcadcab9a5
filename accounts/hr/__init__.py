"""HR administration of an agency's own records: roles and scoping, audit, bulk import."""
