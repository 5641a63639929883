"""The app's main screens, one per global key 1…7."""

from pathlib import Path

# Each main screen's stylesheet (next to it), by the screen class it styles. The app reads
# them all with its own at start-up, each scoped to its screen (ui/stylesheet.py): a screen
# shown the first time then brings no stylesheet of its own, which would make Textual parse
# every stylesheet again and restyle every widget of every screen already built.
STYLESHEETS = {
    "DashboardScreen": "dashboard.tcss",
    "GuideScreen": "guide.tcss",
    "GoalsScreen": "goals.tcss",
    "MeetingsScreen": "meetings.tcss",
    "FeedbackScreen": "feedback.tcss",
    "ReviewScreen": "review.tcss",
    "RelationshipScreen": "relationship.tcss",
}
FOLDER = Path(__file__).parent
