from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin app with the portal's own site (`mysapk.admin.PortalAdminSite`)."""

    default = False  # only where INSTALLED_APPS names it, never for a plain "mysapk"
    default_site = "mysapk.admin.PortalAdminSite"

    def ready(self):
        super().ready()  # autodiscover: contrib apps register theirs (auth's Group)
        from django.contrib.admin import site

        site.register_portal_pages()
