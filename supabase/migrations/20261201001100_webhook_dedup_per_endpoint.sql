-- Webhook events are deduplicated per endpoint, and within an endpoint per sender account, instead of per
-- connector across all tenants (issue #11). Event ids are unique only per sender account: two tenants' Stripe
-- endpoints can both receive `evt_shared_42`, and HubSpot documents its integer eventId only within its own
-- delivery, where one app endpoint serves many portals (`account` holds the portalId the event was for).
-- Existing rows are kept: the old key was stricter (one row per connector and event id), so no two existing rows
-- collide under the new one.

alter table public.webhook_events add column account text not null default '';

alter table public.webhook_events drop constraint webhook_events_connector_event_id_key;
-- event_id first: `fabric webhooks replay <eventId>` finds an event by its id through this same index, so the ack
-- path maintains one unique index per insert, as before
alter table public.webhook_events
  add constraint webhook_events_endpoint_event_key unique (event_id, webhook_config_id, account);
