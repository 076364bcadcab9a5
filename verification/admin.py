from django.contrib import admin

from verification.hr_overview import show_on_admin_index

show_on_admin_index(admin.site)
