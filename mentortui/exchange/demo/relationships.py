"""The demo's relationships, their agreements, the guide's checklist and the mentors compared."""

from __future__ import annotations


from dateutil.rrule import rrulestr

from mentortui.data.model import CANDIDATE_CRITERIA, CHECK_STATES
from mentortui.exchange.demo import writes
from mentortui.exchange.demo.base import _at, _days, _Generator, _Rel
from mentortui.exchange.demo.content import CHECKLIST_ITEMS
from mentortui.exchange.demo.plans import CANDIDATE_SCORES, _Story


class _Relationships(_Generator):
    """Who each relationship is with, what was agreed, where the guide stands, who was compared."""

    def relationship(self, story: _Story) -> _Rel:
        profile = self.text["profiles"][story.profile]
        first_name = profile["partner"].split()[0]
        started = self.today - _days(story.started_days_ago)
        ended_on = self.today - _days(story.ended_days_ago) if story.ended_days_ago is not None else None
        record = writes.create_relationship(
            self.fill,
            partner=profile["partner"],
            role=story.role,
            started_on=started,
            end_on=started + _days(story.agreed_days),
            why=profile["why"].format(name=first_name),
            hope_to_learn=profile["hope"].format(name=first_name),
            stay_in_touch_months=3,
            created_at=_at(started - _days(3), 20, 15),
        )
        return _Rel(record, story, first_name, ended_on or self.today)

    def close(self, rel: _Rel) -> None:
        """An ended relationship is closed on its last day, after all that happened in it."""
        if not rel.active:
            writes.close_relationship(self.fill, rel.record, rel.last_day, _at(rel.last_day, 20))

    def agreements(self, rel: _Rel) -> None:
        story = rel.story
        count = self.plan.agreement_versions
        terms = self.text["terms"][rel.role]
        profile = self.text["profiles"][story.profile]
        rel.version_starts = [rel.started + _days(i * story.version_every_days) for i in range(count)]
        for i, begins in enumerate(rel.version_starts):
            version = story.versions[i % len(story.versions)]
            anchor = _at(begins, version.at.hour, version.at.minute)
            # The series' anchor is its first meeting, not the day the terms were agreed.
            first_meeting = rrulestr(version.cadence, dtstart=anchor).after(anchor, inc=True)
            last = i == count - 1
            # Earlier versions were revisited on time, which is what made the next version.
            revisit = rel.last_day + _days(story.revisit_days) if last else rel.version_starts[i + 1] - _days(4)
            # Yearly versions are renewals; otherwise the terms were revised along the way (M2).
            renewal = story.version_every_days >= 365 and i > 0
            duration = self.text["renewal"].format(n=i + 1) if renewal else profile["duration"]
            rel.agreements.append(
                writes.save_agreement(
                    self.fill,
                    rel.record,
                    duration=duration.format(name=rel.first_name),
                    cadence=version.cadence,
                    cadence_start=first_meeting,
                    modes=list(version.modes),
                    **{name: texts[min(i, 1)].format(name=rel.first_name) for name, texts in terms.items()},
                    revisit_on=revisit,
                    created_at=self.past(_at(begins, 21, 0)),
                )
            )

    def checklist(self, rel: _Rel) -> None:
        notes = self.text["checklist_notes"]
        span = (rel.last_day - rel.started).days
        for practice in rel.story.practices:
            for item in CHECKLIST_ITEMS[practice]:
                state = "done" if not rel.active else self.rng.choices(CHECK_STATES, (1, 2, 5))[0]
                changed = rel.started + _days(self.rng.randint(0, span))
                writes.set_check(
                    self.fill,
                    rel.record,
                    practice,
                    item,
                    state=state,
                    note=notes.get(item, "").format(name=rel.first_name),
                    changed_at=self.past(_at(changed, 19, self.rng.randint(0, 59))),
                )

    def candidates(self, rels: list[_Rel]) -> None:
        """The mentors I compared (E1); the one I chose is linked to that relationship."""
        partners = {rel.record.partner: rel for rel in rels if rel.role == "mentee"}
        chosen_starts = [partners[c["name"]].started for c in self.text["candidates"] if c["name"] in partners]
        compared_on = min(chosen_starts or [rel.started for rel in rels]) - _days(20)
        for entry, scores in zip(self.text["candidates"], CANDIDATE_SCORES):
            chosen = partners.get(entry["name"])
            writes.add_candidate(
                self.fill,
                name=entry["name"],
                notes=entry["notes"],
                **dict(zip(CANDIDATE_CRITERIA, scores)),
                relationship_id=chosen.record.id if chosen else None,
                created_at=_at(compared_on, 21, 0),
            )

