"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Theme } from "../../_theme/theme";
import { ThemeToggle } from "../../_theme/theme-toggle";
import { SignOutButton } from "./sign-out-button";

const mainLinks = [
  { href: "/", label: "Dashboard" },
  { href: "/library", label: "Library" },
  { href: "/queue", label: "Queue" },
  { href: "/jobs", label: "Jobs" },
  { href: "/events", label: "Events" },
];
const adminLinks = [
  { href: "/admin/printers", label: "Printers" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/webhooks", label: "Notifications" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/wall-displays", label: "Wall displays" },
];

function NavLink({ href, label, current }: { href: string; label: string; current: boolean }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded-md px-2 py-1 text-sm font-medium ${current ? "bg-slate-200 dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
    >
      {label}
    </Link>
  );
}

export function AppNav({
  isAdmin,
  user,
  theme,
}: {
  isAdmin: boolean;
  user: { name: string; role: string };
  theme: Theme;
}) {
  const pathname = usePathname();
  const isCurrent = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));
  return (
    <nav
      aria-label="Main"
      className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2"
    >
      <Link href="/" className="text-lg font-semibold">
        Printernizer
      </Link>
      <div className="flex flex-wrap items-center gap-1">
        {mainLinks.map((link) => (
          <NavLink key={link.href} {...link} current={isCurrent(link.href)} />
        ))}
      </div>
      {isAdmin ? (
        <div
          className="flex flex-wrap items-center gap-1 border-l border-slate-300 pl-3 dark:border-slate-700"
          aria-label="Administration"
        >
          <span className="text-xs uppercase tracking-wide text-muted">Admin</span>
          {adminLinks.map((link) => (
            <NavLink key={link.href} {...link} current={isCurrent(link.href)} />
          ))}
        </div>
      ) : null}
      <div id="app-nav-end" className="ml-auto flex items-center gap-2 text-sm">
        <ThemeToggle initial={theme} />
        <span className="text-slate-600 dark:text-slate-300" data-testid="signed-in-user">
          {user.name} <span className="text-xs text-muted">({user.role})</span>
        </span>
        <SignOutButton />
      </div>
    </nav>
  );
}
