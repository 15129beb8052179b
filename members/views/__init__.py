"""The members app's pages: thin views over selectors, services and permissions."""
