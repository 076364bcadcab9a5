"""The bulk import of an agency's employees from a spreadsheet: upload → dry run → confirm.

cells     one cell ⇄ one employee field (and the column list)
files     reading a CSV/XLSX upload and writing the export, with tablib
checking  a whole file → a Plan: bad rows with reasons by column, new, changed, unchanged
report    what an officer reads about a plan
writing   `run_import`: check, then write a plan; changed employees go through the update
          operation the caller passes (cards.employees.update_employee)
uploads   the uploaded file between the two steps, in private storage
forms, admin  the admin pages (`EmployeeImportAdmin`, mixed into the Employee admin)
"""
