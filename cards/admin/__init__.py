"""The card side of HR administration: the employee admin with its card, and the card trail.

Nothing registers itself here: `mysapk.admin.PortalAdminSite` registers every admin class.
"""
