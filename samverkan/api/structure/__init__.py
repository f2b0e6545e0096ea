"""The structure in the API: principals, structures, bodies, charters, people, memberships."""
