-- Issue 17: notification channels (Slack-compatible and email beside generic/Discord/ntfy, a signing
-- secret for generic webhooks) and rules (which events, which printers, which channels, quiet hours).
-- Each existing webhook keeps sending what it sent: its event list becomes a rule for all printers.
ALTER TYPE "WebhookFormat" ADD VALUE 'slack';
ALTER TYPE "WebhookFormat" ADD VALUE 'email';

CREATE TYPE "NotificationScope" AS ENUM ('all', 'location', 'tag');

ALTER TABLE "Webhook" ALTER COLUMN "url" DROP NOT NULL;
ALTER TABLE "Webhook" ADD COLUMN "signingSecret" TEXT;
ALTER TABLE "Webhook" ADD COLUMN "smtp" TEXT;

ALTER TABLE "WebhookDelivery" ADD COLUMN "heldUntil" TIMESTAMP(3);

CREATE TABLE "NotificationRule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "events" TEXT[],
    "scope" "NotificationScope" NOT NULL DEFAULT 'all',
    "scopeValue" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "quietFrom" TEXT,
    "quietTo" TEXT,
    "quietTimeZone" TEXT,
    "quietBypass" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "NotificationRuleChannel" (
    "ruleId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,

    CONSTRAINT "NotificationRuleChannel_pkey" PRIMARY KEY ("ruleId","webhookId")
);
CREATE INDEX "NotificationRuleChannel_webhookId_idx" ON "NotificationRuleChannel"("webhookId");
ALTER TABLE "NotificationRuleChannel" ADD CONSTRAINT "NotificationRuleChannel_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "NotificationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NotificationRuleChannel" ADD CONSTRAINT "NotificationRuleChannel_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "NotificationRule" ("id", "name", "events", "enabled", "updatedAt")
SELECT 'nr_' || w."id", w."name", w."events", true, CURRENT_TIMESTAMP FROM "Webhook" w WHERE cardinality(w."events") > 0;
INSERT INTO "NotificationRuleChannel" ("ruleId", "webhookId")
SELECT 'nr_' || w."id", w."id" FROM "Webhook" w WHERE cardinality(w."events") > 0;

ALTER TABLE "Webhook" DROP COLUMN "events";
