-- CreateEnum
CREATE TYPE "PrinterState" AS ENUM ('idle', 'busy', 'printing', 'paused', 'error', 'offline', 'unknown');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('QUEUED', 'PREPARING', 'PRINTING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "JobOutcome" AS ENUM ('completed', 'failed', 'cancelled', 'unknown');

-- CreateTable
CREATE TABLE "LiveStatus" (
    "printerId" TEXT NOT NULL,
    "state" "PrinterState" NOT NULL,
    "connected" BOOLEAN NOT NULL DEFAULT false,
    "rawState" TEXT,
    "jobName" TEXT,
    "progress" DOUBLE PRECISION,
    "remainingSeconds" INTEGER,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "status" JSONB NOT NULL,
    "lastError" TEXT,
    "lastErrorKind" TEXT,
    "lastCommunication" TIMESTAMP(3),
    "stateChangedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "workerId" TEXT,

    CONSTRAINT "LiveStatus_pkey" PRIMARY KEY ("printerId")
);

-- CreateTable
CREATE TABLE "PrinterEvent" (
    "id" BIGSERIAL NOT NULL,
    "printerId" TEXT,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrinterEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "printerId" TEXT NOT NULL,
    "externalId" TEXT,
    "fileName" TEXT NOT NULL,
    "displayName" TEXT,
    "state" "JobState" NOT NULL,
    "outcome" "JobOutcome",
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "progress" DOUBLE PRECISION,
    "layer" INTEGER,
    "totalLayers" INTEGER,
    "filament" JSONB,
    "thumbnailRef" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemperatureSample" (
    "id" BIGSERIAL NOT NULL,
    "printerId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "nozzle" DOUBLE PRECISION,
    "nozzleTarget" DOUBLE PRECISION,
    "bed" DOUBLE PRECISION,
    "bedTarget" DOUBLE PRECISION,
    "chamber" DOUBLE PRECISION,

    CONSTRAINT "TemperatureSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrinterLease" (
    "printerId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrinterLease_pkey" PRIMARY KEY ("printerId")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "PrinterFile" (
    "id" TEXT NOT NULL,
    "printerId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT,
    "size" BIGINT,
    "modifiedAt" TIMESTAMP(3),
    "type" TEXT NOT NULL,
    "thumbnailRef" TEXT,
    "sha256" TEXT,
    "thumbnailSha256" TEXT,
    "downloadedAt" TIMESTAMP(3),
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrinterFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiveStatus_state_idx" ON "LiveStatus"("state");

-- CreateIndex
CREATE INDEX "PrinterEvent_printerId_createdAt_idx" ON "PrinterEvent"("printerId", "createdAt");

-- CreateIndex
CREATE INDEX "PrinterEvent_type_createdAt_idx" ON "PrinterEvent"("type", "createdAt");

-- CreateIndex
CREATE INDEX "PrinterEvent_createdAt_idx" ON "PrinterEvent"("createdAt");

-- CreateIndex
CREATE INDEX "Job_printerId_startedAt_idx" ON "Job"("printerId", "startedAt");

-- CreateIndex
CREATE INDEX "Job_startedAt_idx" ON "Job"("startedAt");

-- CreateIndex
CREATE INDEX "Job_endedAt_idx" ON "Job"("endedAt");

-- CreateIndex
CREATE INDEX "TemperatureSample_printerId_at_idx" ON "TemperatureSample"("printerId", "at");

-- CreateIndex
CREATE INDEX "PrinterLease_ownerId_idx" ON "PrinterLease"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "PrinterFile_printerId_path_key" ON "PrinterFile"("printerId", "path");

-- AddForeignKey
ALTER TABLE "LiveStatus" ADD CONSTRAINT "LiveStatus_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemperatureSample" ADD CONSTRAINT "TemperatureSample_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrinterLease" ADD CONSTRAINT "PrinterLease_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrinterFile" ADD CONSTRAINT "PrinterFile_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Workers reconcile their fleet when a printer row changes, whoever changed it
-- (web app, CLI, plain SQL): a trigger NOTIFYs with the printer id.
CREATE FUNCTION "printernizer_notify_printer_changed"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('printernizer_printers', COALESCE(NEW."id", OLD."id"));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Printer_notify_changed"
AFTER INSERT OR UPDATE OR DELETE ON "Printer"
FOR EACH ROW EXECUTE FUNCTION "printernizer_notify_printer_changed"();
