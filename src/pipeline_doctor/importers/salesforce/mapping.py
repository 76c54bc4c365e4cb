"""The Salesforce mapping, built for the objects an export actually holds."""

from __future__ import annotations

from pipeline_doctor.importers.core.mapping import ColumnRule, Mapping, TableRule, only_present

SOURCES = {
    "Partner": "partner",
    "Partner Referral": "partner",
    "Purchased List": "purchased_list",
    "Trade Show": "event",
    "Seminar - Internal": "event",
    "Seminar - Partner": "event",
    "Employee Referral": "referral",
    "External Referral": "referral",
    "Word of mouth": "referral",
    "Public Relations": "inbound",
    "Web": "inbound",
    "Phone Inquiry": "inbound",
    "Advertisement": "inbound",
    "Other": "other",
    "*": "other",
}
"""LeadSource labels onto the canonical sources; any other label is "other" ("*"). A blank
LeadSource is not recorded (null): nobody said where the deal came from."""
C = ColumnRule
LOST_REASON_FIELDS = (
    "LossReason__c",
    "Loss_Reason__c",
    "Lost_Reason__c",
    "LostReason__c",
    "Reason_Lost__c",
    "Closed_Lost_Reason__c",
)
"""Custom fields orgs use for why a deal was lost (the first one present is read)."""


def _source() -> ColumnRule:
    return C(column="LeadSource", values=SOURCES)


def _extra(columns: list[str], mapped: set[str] | frozenset[str] = frozenset()) -> ColumnRule:
    """The object's custom fields (`__c`) that no canonical column takes, kept as `extra`."""
    return C(extra=tuple(c for c in columns if c.endswith("__c") and c not in mapped))


def _mapped_custom(deal: dict[str, ColumnRule], columns: list[str]) -> set[str]:
    """The custom fields the deal rule reads: its columns, and the lost reason field."""
    used = {c for rule in deal.values() for c in (rule.column, *rule.fallback) if c}
    reason = next((c for c in LOST_REASON_FIELDS if c in columns), None)
    return used | ({reason} if reason else set())


def _owner_reps(files: dict[str, str]) -> list[TableRule]:
    """Without User.csv, each owner id becomes a rep named by that id."""
    rules = []
    for obj in ("opportunity", "lead"):
        if obj in files:
            rules.append(
                TableRule(
                    "reps",
                    files[obj],
                    {"id": C(column="OwnerId"), "name": C(column="OwnerId")},
                    when="OwnerId",
                    derived=True,
                )
            )
    return rules


ACTIVITY_KINDS = {
    "Call": "call",
    "Email": "email",
    "ListEmail": "email",
    "Meeting": "meeting",
    "Event": "meeting",
    "Task": "task",
}


ROLES = {
    "Decision Maker": "decision_maker",
    "Economic Buyer": "decision_maker",
    "Economic Decision Maker": "decision_maker",
    "Executive Sponsor": "champion",
    "Champion": "champion",
    "Technical Buyer": "technical",
    "Evaluator": "influencer",
    "Influencer": "influencer",
    "Business User": "user",
    "User": "user",
    "Other": "unknown",
    # orgs that relabelled the picklist in Spanish
    "Tomador de decisiones": "decision_maker",
    "Responsable de la toma de decisiones": "decision_maker",
    "Comprador económico": "decision_maker",
    "Patrocinador ejecutivo": "champion",
    "Comprador técnico": "technical",
    "Evaluador": "influencer",
    "Influenciador": "influencer",
    "Persona influyente": "influencer",
    "Usuario empresarial": "user",
    "Usuario": "user",
    "Otro": "unknown",
}
"""OpportunityContactRole.Role (Salesforce's standard values) onto the canonical buying roles.
An Evaluator weighs the offer without owning the decision or the technical verdict: influencer;
an Executive Sponsor backs the purchase inside the buyer: champion."""
INCOMING = {"1": "inbound", "true": "inbound", "0": "outbound", "false": "outbound"}
FIELD_HISTORY = ("opportunityfieldhistory", "fieldhistory", "fieldhistoryarchive")


def _activity_rule(file: str, cols: list[str], kind: str) -> TableRule:
    """Tasks and events: the kind from the subtype (or Type), else task/meeting."""
    at = "ActivityDateTime" if "ActivityDateTime" in cols else "ActivityDate"
    kind_from = next((c for c in ("TaskSubtype", "EventSubtype", "Type") if c in cols), None)
    kinds = C(column=kind_from, values={**ACTIVITY_KINDS, "*": kind}, default=kind)
    return TableRule(
        "activities",
        file,
        {
            "id": C(column="Id"),
            "deal": C(column="__deal"),
            "account": C(column="__account", fallback=("AccountId",)),
            "contact": C(column="__contact"),
            "rep": C(column="OwnerId"),
            "at": C(column=at, fallback=("CreatedDate",)),
            "kind": kinds if kind_from else C(const=kind),
            "subject": C(column="Subject"),
            "body": C(column="Description"),
            "duration_s": C(column="CallDurationInSeconds"),
        },
    )


def _email_rule(file: str) -> TableRule:
    """EmailMessage rows (see emails.py for the derived columns)."""
    return TableRule(
        "activities",
        file,
        {
            "id": C(column="__id"),
            "deal": C(column="__deal"),
            "account": C(column="__account"),
            "contact": C(column="__contact"),
            "rep": C(column="__rep"),
            "at": C(column="MessageDate", fallback=("CreatedDate",)),
            "kind": C(const="email"),
            "direction": C(column="Incoming", values=INCOMING),
            "outcome": C(column="__outcome"),
            "subject": C(column="Subject"),
            "body": C(column="TextBody"),
        },
    )


def _field_history_rules(file: str) -> list[TableRule]:
    """Tracked-field changes (see field_history.py): stage moves and field changes."""
    base = {"deal": C(column="__deal"), "at": C(column="CreatedDate")}
    return [
        TableRule(
            "stage_changes",
            file,
            {
                **base,
                "from_stage": C(column="__old"),
                "to_stage": C(column="__stage"),
                "by": C(column="CreatedById"),
            },
            when="__stage",
        ),
        TableRule(
            "field_changes",
            file,
            {
                **base,
                "field": C(column="__field"),
                "old_value": C(column="__old"),
                "new_value": C(column="__new"),
            },
            when="__field",
        ),
    ]


def salesforce_mapping(files: dict[str, str], headers: dict[str, list[str]]) -> Mapping:
    """`files`: object name (lower case) -> file name; `headers`: object -> its columns."""
    rules: list[TableRule] = []
    if "user" in files:
        user = {"id": C(column="Id"), "name": C(column="__name"), "email": C(column="Email")}
        if "ManagerId" in headers["user"]:
            user["manager"] = C(column="ManagerId")
        rules.append(TableRule("reps", files["user"], user))
    else:
        rules += _owner_reps(files)
    if "account" in files:
        rules.append(
            TableRule(
                "accounts",
                files["account"],
                {
                    "id": C(column="Id"),
                    "name": C(column="Name"),
                    "industry": C(column="Industry"),
                    "employees": C(column="NumberOfEmployees"),
                    "annual_revenue": C(column="AnnualRevenue"),
                    "country": C(column="BillingCountry"),
                    "region": C(column="BillingState"),
                    "parent": C(column="ParentId"),
                    "extra": _extra(headers["account"]),
                },
            )
        )
    if "contact" in files:
        rules.append(
            TableRule(
                "contacts",
                files["contact"],
                {
                    "id": C(column="Id"),
                    "account": C(column="__account", fallback=("AccountId",)),
                    "name": C(column="__name"),
                    "title": C(column="Title"),
                    "email": C(column="Email"),
                    "buying_role": C(column="__buying_role"),  # no contact role: null
                },
            )
        )
    if "lead" in files:
        rules.append(
            TableRule(
                "leads",
                files["lead"],
                {
                    "id": C(column="Id"),
                    "created_at": C(column="CreatedDate"),
                    "source": _source(),
                    "source_detail": C(column="LeadSource"),
                    "rep": C(column="OwnerId"),
                    "account": C(column="ConvertedAccountId"),
                    "status": C(column="IsConverted", values={"1": "converted", "*": "open"}),
                    "converted_at": C(column="ConvertedDate"),
                    "deal": C(column="ConvertedOpportunityId"),
                },
            )
        )
    if "opportunity" in files:
        opp = headers["opportunity"]
        deal = {
            "id": C(column="Id"),
            "name": C(column="Name"),
            "account": C(column="AccountId"),
            "rep": C(column="OwnerId"),
            "source": _source(),
            "source_detail": C(column="LeadSource"),
            "created_at": C(column="__created_at"),
            "expected_close": C(column="CloseDate"),
            "closed_at": C(column="__closed_at"),
            "outcome": C(column="__outcome"),
            "amount": C(column="Amount"),
            "pipeline": C(const="salesforce"),
            "stage": C(column="StageName"),
        }
        if "CurrencyIsoCode" in opp:
            deal["currency"] = C(column="CurrencyIsoCode")
        if "__lost_text" in opp:
            deal["lost_reason_text"] = C(column="__lost_text")
            deal["lost_reason_category"] = C(column="__lost_category")
        if "MainCompetitors__c" in opp:
            deal["competitor"] = C(column="MainCompetitors__c")
        deal["extra"] = _extra(opp, _mapped_custom(deal, opp))
        rules.append(TableRule("deals", files["opportunity"], deal))
        stage = {
            "pipeline": C(const="salesforce"),
            "name": C(column="StageName"),
            # empty or absent sort order: 0, as for a stage with no order
            "stage_order": C(column="StageSortOrder", default="0"),
            "closed": C(column="IsClosed"),
            "won": C(column="IsWon"),
        }
        rules.append(TableRule("stages", files["opportunity"], stage, derived=True))
    if "opportunityhistory" in files:
        name = files["opportunityhistory"]
        base = {"deal": C(column="OpportunityId"), "at": C(column="CreatedDate")}
        rules.append(
            TableRule(
                "stage_changes",
                name,
                {
                    **base,
                    "from_stage": C(column="FromOpportunityStageName"),
                    "to_stage": C(column="StageName"),
                    "by": C(column="CreatedById"),
                },
                when="__stage_changed",
            )
        )
        for field, now, before, flag in (
            ("amount", "Amount", "PrevAmount", "__amount_changed"),
            ("expected_close", "CloseDate", "PrevCloseDate", "__close_changed"),
        ):
            if flag in headers["opportunityhistory"]:
                rules.append(
                    TableRule(
                        "field_changes",
                        name,
                        {
                            **base,
                            "field": C(const=field),
                            "old_value": C(column=before),
                            "new_value": C(column=now),
                        },
                        when=flag,
                    )
                )
    for obj, kind in (("task", "task"), ("event", "meeting")):
        if obj in files:
            rules.append(_activity_rule(files[obj], headers[obj], kind))
    if "emailmessage" in files:
        rules.append(_email_rule(files["emailmessage"]))
    for obj in FIELD_HISTORY:
        if obj in files:
            rules += _field_history_rules(files[obj])
    by_file = {files[o]: headers[o] for o in files}
    return Mapping("salesforce", tuple(only_present(r, by_file[r.file]) for r in rules))
