"""The working groups' forms, one module per part (groups, meetings, minutes, actions,
documents): they parse and show input; services decide."""
