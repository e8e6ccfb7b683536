"""How a unit answered a weekly collection round (每周报送): on time, late, or not at all."""
ON_TIME, LATE, MISSING = "on_time", "late", "missing"
ANSWER_LABELS = {ON_TIME: "按时报送", LATE: "逾期报送", MISSING: "未报送"}
