"use client";
// The header: the app's name, the page links, theme, who is signed in, sign out. From 1024 px up it
// is one row (the admin pages behind an "Admin" button); narrower, everything but the name sits
// behind a "Menu" button (a disclosure), so on a phone the header is one row. Add a page by appending to mainLinks (everyone)
// or adminLinks (admins only): both layouts render these lists.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Theme } from "../../_theme/theme";
import { ThemeToggle } from "../../_theme/theme-toggle";
import { AdminNavMenu } from "./admin-nav-menu";
import { SignOutButton } from "./sign-out-button";
import { useMenuDisclosure } from "./use-menu-disclosure";

export interface NavLinkItem {
  href: string;
  label: string;
}

export const mainLinks: NavLinkItem[] = [
  { href: "/", label: "Dashboard" },
  { href: "/library", label: "Library" },
  { href: "/queue", label: "Queue" },
  { href: "/jobs", label: "Jobs" },
  { href: "/events", label: "Events" },
  { href: "/cameras", label: "Cameras" },
  { href: "/account/api-keys", label: "API keys" },
];
export const adminLinks: NavLinkItem[] = [
  { href: "/admin/printers", label: "Printers" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/webhooks", label: "Notifications" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/wall-displays", label: "Wall displays" },
  { href: "/admin/api-keys", label: "All API keys" },
];

const menuId = "app-nav-menu";
const linkList = "flex flex-col gap-1 lg:flex-row lg:flex-wrap lg:items-center";

function NavLinks({ links, isCurrent }: { links: NavLinkItem[]; isCurrent: (href: string) => boolean }) {
  return links.map(({ href, label }) => (
    <li key={href}>
      <Link
        href={href}
        aria-current={isCurrent(href) ? "page" : undefined}
        className={`block rounded-md px-2 py-1.5 text-sm font-medium lg:py-1 ${isCurrent(href) ? "bg-slate-200 dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
      >
        {label}
      </Link>
    </li>
  ));
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
  const menu = useMenuDisclosure();
  const isCurrent = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));
  return (
    <nav
      ref={menu.rootRef}
      aria-label="Main"
      data-testid="app-nav"
      className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2"
      onBlur={menu.onBlur}
    >
      <Link href="/" className="text-lg font-semibold">
        Printernizer
      </Link>
      <button
        ref={menu.buttonRef}
        type="button"
        aria-expanded={menu.open}
        aria-controls={menuId}
        onClick={menu.toggle}
        className="ml-auto inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 lg:hidden dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true">{menu.open ? "✕" : "☰"}</span>
        Menu
      </button>
      <div
        id={menuId}
        data-open={menu.open}
        className={`${menu.open ? "flex" : "hidden"} basis-full flex-col gap-3 border-t border-slate-200 pb-1 pt-2 lg:contents dark:border-slate-800`}
        onClick={(event) => {
          if ((event.target as Element).closest("a")) menu.close();
        }}
      >
        <ul className={linkList}>
          <NavLinks links={mainLinks} isCurrent={isCurrent} />
        </ul>
        {isAdmin ? (
          <AdminNavMenu current={adminLinks.some(({ href }) => isCurrent(href))}>
            <NavLinks links={adminLinks} isCurrent={isCurrent} />
          </AdminNavMenu>
        ) : null}
        <div
          id="app-nav-end"
          className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-2 text-sm lg:ml-auto lg:border-t-0 lg:pt-0 dark:border-slate-800"
        >
          <ThemeToggle initial={theme} />
          <span className="text-slate-600 dark:text-slate-300" data-testid="signed-in-user">
            {user.name} <span className="text-xs text-muted">({user.role})</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </nav>
  );
}
