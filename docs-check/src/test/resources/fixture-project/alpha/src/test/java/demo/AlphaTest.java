// A fixture file for docs-check's own tests: only its name matters (-Dtest= patterns must match it).
