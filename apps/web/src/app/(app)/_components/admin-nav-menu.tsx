"use client";
// The admin pages in the header. On a phone (inside the header's Menu) they are a labelled list
// like the other links; from 1024 px up they sit behind one "Admin" button (a disclosure: Escape
// closes it and gives focus back, a click outside or following a link closes it), so the header
// stays one row on a 1,280 px screen.
import type { ReactNode } from "react";
import { useMenuDisclosure } from "./use-menu-disclosure";

const listId = "app-nav-admin-list";

export function AdminNavMenu({ current, children }: { current: boolean; children: ReactNode }) {
  const menu = useMenuDisclosure<HTMLDivElement>();
  return (
    <div
      ref={menu.rootRef}
      onBlur={menu.onBlur}
      className="relative flex flex-col gap-1 border-t border-slate-200 pt-2 lg:flex-row lg:items-center lg:border-l lg:border-t-0 lg:border-slate-300 lg:pl-3 lg:pt-0 dark:border-slate-800 lg:dark:border-slate-700"
    >
      <span id="app-nav-admin" className="px-2 text-xs uppercase tracking-wide text-muted lg:hidden">
        Admin
      </span>
      <button
        ref={menu.buttonRef}
        type="button"
        aria-expanded={menu.open}
        aria-controls={listId}
        onClick={menu.toggle}
        className={`hidden items-center gap-1 rounded-md px-2 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 lg:inline-flex ${current ? "bg-slate-200 dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
      >
        Admin
        <span aria-hidden="true" className="text-xs">
          {menu.open ? "▴" : "▾"}
        </span>
      </button>
      <ul
        id={listId}
        aria-labelledby="app-nav-admin"
        data-open={menu.open}
        onClick={(event) => {
          if ((event.target as Element).closest("a")) menu.close();
        }}
        className={`flex flex-col gap-1 lg:absolute lg:left-3 lg:top-full lg:z-30 lg:mt-1 lg:min-w-48 lg:rounded-md lg:border lg:border-slate-200 lg:bg-white lg:p-1 lg:shadow-lg dark:lg:border-slate-700 dark:lg:bg-slate-900 ${menu.open ? "" : "lg:hidden"}`}
      >
        {children}
      </ul>
    </div>
  );
}
