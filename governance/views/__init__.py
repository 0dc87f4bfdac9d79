"""The work network's pages on community sites: a report's public timeline and feedback, and
the grid worker's report form."""
