"""Minutes (header, items, approval, holds, addenda) and API tokens are in the trail, with
their values from → to, and nothing secret: no token, no approved text, no found number."""

from __future__ import annotations

from django.contrib.auth.models import User

from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import api_token_create, api_token_revoke
from samverkan.audit.models import Change
from samverkan.audit.tests.base import newest, values
from samverkan.minutes.models import EntryKind, Minutes, MinutesItem, PublicationHold
from samverkan.minutes.services import (
    EntryIn,
    minutes_addendum_create,
    minutes_approve,
    minutes_item_add,
    minutes_item_remove,
    minutes_item_save,
    minutes_return,
    minutes_submit,
    minutes_update,
    publication_hold_resolve,
)
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.testing.base import BaseTestCase

NUMBER = "19121212-1212"


class MinutesTrailTests(MinutesTestCase):
    def test_it_records_the_minutes_started_and_the_header_changed(self) -> None:
        minutes = self.start()
        started = newest(minutes)
        self.assertEqual(started.action, "create")
        self.assertEqual(started.actor_id, self.secretary_user.pk)
        self.assertIn("utifrån dagordningen", started.note)
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            adjuster=self.cecilia,
            notes="Nästa möte i maj.",
        )
        self.assertEqual(
            values(newest(minutes)),
            {"Justeringsperson": ("", "Cecilia Ek"), "Övrigt": ("", "Nästa möte i maj.")},
        )

    def test_it_records_an_item_with_its_entries_before_and_after(self) -> None:
        minutes = self.write(self.start())
        item = self.case_item(minutes)
        got = values(newest(item))
        self.assertEqual(got["Anteckningar"], ("", "Avtalet presenterades och diskuterades."))
        self.assertEqual(
            got["Beslut, rekommendationer och information"][1].splitlines()[0],
            "Beslut: LSG ställer sig bakom förslaget till samverkansavtal.",
        )
        self.assertIn("Skicka avtalet till huvudmännen", got["Åtgärder"][1])
        item = MinutesItem.objects.get(pk=item.pk)
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.secretary_user,
            entries=[EntryIn(EntryKind.DECISION, "LSG godkänner avtalet.")],
        )
        old, new = values(newest(item))["Beslut, rekommendationer och information"]
        self.assertIn("ställer sig bakom", old)
        self.assertEqual(new, "Beslut: LSG godkänner avtalet.")

    def test_it_records_items_added_and_removed(self) -> None:
        minutes = self.start()
        extra = minutes_item_add(minutes=minutes, by=self.secretary_user, title="Övriga frågor")
        self.assertEqual(values(newest(extra))["Rubrik"], ("", "Övriga frågor"))
        extra_id = extra.pk
        minutes_item_remove(by=self.secretary_user, item=extra, expected_version=extra.lock_version)
        removed = newest(extra, extra_id)
        self.assertEqual(removed.action, "delete")
        self.assertEqual(values(removed)["Rubrik"], ("Övriga frågor", ""))

    def test_it_records_submission_approval_and_return_by_each_actor(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        submitted = newest(minutes)
        self.assertEqual(values(submitted)["Status"], ("Utkast", "Väntar på justering"))
        self.assertIn("Alice Berg", submitted.note)
        minutes_return(minutes=minutes, by=self.adjuster_user, comment="Rätta datumet.")
        returned = newest(minutes)
        self.assertEqual(returned.actor_id, self.adjuster_user.pk)
        self.assertEqual(
            values(returned)["Status"], ("Väntar på justering", "Återsänd för ändring")
        )
        self.assertEqual(
            values(returned)["Justerare"],
            ("Justeringsperson Cecilia Ek: väntar", "Justeringsperson Cecilia Ek: återsänt"),
        )
        self.assertIn("Rätta datumet.", returned.note)

        minutes = Minutes.objects.get(pk=minutes.pk)
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        self.assertEqual(newest(minutes).actor_id, self.chair_user.pk)
        minutes_approve(minutes=minutes, by=self.adjuster_user)
        approved = newest(minutes)
        self.assertEqual(approved.actor_id, self.adjuster_user.pk)
        self.assertEqual(
            values(approved)["Status"], ("Väntar på justering", "Justerad eller fastställd")
        )
        self.assertIn("Publicerade", values(approved))
        # The approved text and its checksums stay on the minutes, not in the trail.
        minutes.refresh_from_db()
        for change in Change.objects.filter(object_type="minutes", object_id=minutes.pk):
            self.assertNotIn(minutes.sha256, change.changes_text)
            self.assertNotIn("sha256", change.changes or {})
            self.assertNotIn("frozen_text", change.changes or {})

    def test_it_records_a_publication_hold_decided_and_the_publication(self) -> None:
        minutes = self.start()
        self.write(minutes, notes=f"Ärendet gäller personen {NUMBER}.")
        minutes = self.approve(minutes)
        hold = PublicationHold.objects.get(minutes=minutes)
        publication_hold_resolve(hold=hold, by=self.coordinator, resolution="mask", note="Maskera")
        row = newest(hold)
        self.assertEqual(row.actor_id, self.coordinator.pk)
        self.assertEqual(
            values(row),
            {
                "Beslut": ("Inte åtgärdad", "Maskeras i den publicerade versionen"),
                "Kommentar": ("", "Maskera"),
            },
        )
        self.assertNotIn(NUMBER, row.object_repr)
        published = newest(Minutes.objects.get(pk=minutes.pk))
        self.assertEqual(published.values[0].label, "Publicerade")
        self.assertEqual(published.actor_id, self.coordinator.pk)

    def test_it_records_an_addendum_on_the_minutes_it_corrects(self) -> None:
        minutes = self.published()
        addendum = minutes_addendum_create(
            original=minutes, by=self.secretary_user, title="Rättelse", text="Fel datum."
        )
        row = newest(addendum)
        self.assertEqual(row.action, "create")
        self.assertEqual(values(row)["Tillägg till"][1], str(minutes))
        # Shown on the original's page too: its history tells a correction was started.
        shown = Change.objects.filter(scope_type="minutes", scope_id=minutes.pk)
        self.assertTrue(shown.filter(object_id=addendum.pk, object_type="minutes").exists())


class TokenTrailTests(BaseTestCase):
    def test_it_records_a_token_made_and_revoked_but_never_the_token(self) -> None:
        token, raw = api_token_create(by=self.coordinator, name="Rapportverktyget")
        made = newest(token)
        self.assertEqual(made.actor_id, self.coordinator.pk)
        self.assertEqual(values(made)["Namn"], ("", "Rapportverktyget"))
        api_token_revoke(token=ApiToken.objects.get(pk=token.pk), by=self.admin)
        revoked = newest(token)
        self.assertEqual(revoked.actor_id, self.admin.pk)
        self.assertEqual(values(revoked)["Återkallad"][0], "")
        self.assertTrue(values(revoked)["Återkallad"][1])
        for change in Change.objects.filter(object_type="api_token"):
            text = f"{change.object_repr} {change.changes} {change.changes_text} {change.note}"
            self.assertNotIn(raw, text)
            self.assertNotIn(raw[3:11], text)
            self.assertNotIn(token.token_hash, text)
            self.assertNotIn(token.hint, text)

    def test_it_names_the_tokens_account(self) -> None:
        token, _raw = api_token_create(by=self.member_user, name="Kalender")
        self.assertEqual(
            values(newest(token))["Konto"], ("", str(User.objects.get(pk=self.member_user.pk)))
        )
