"""Exchange with other tools: FollowTheMoney, reconciliation, calendars, spreadsheets."""
