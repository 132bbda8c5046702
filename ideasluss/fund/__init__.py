"""The innovation fund (Innovationsfonden): calls, applications, review, decisions, follow-up."""
