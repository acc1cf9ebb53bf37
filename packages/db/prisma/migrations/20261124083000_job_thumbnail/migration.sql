-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "thumbnailSha256" TEXT;
