import { AuditLog } from "./_components/audit-log";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log · Admin · Printernizer" };

export default function AdminAuditPage() {
  return <AuditLog />;
}
