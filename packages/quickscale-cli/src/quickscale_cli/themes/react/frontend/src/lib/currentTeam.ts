/**
 * The team the user works in (switched on the teams pages, used by billing's `?team=`). Kept in
 * localStorage so it survives a reload; modules share it through this file, never through each other.
 */
import { useSyncExternalStore } from "react";

const KEY = "quickscale.team";
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setCurrentTeam(slug: string | null): void {
  try {
    if (slug) {
      window.localStorage.setItem(KEY, slug);
    } else {
      window.localStorage.removeItem(KEY);
    }
  } catch {
    // storage refused (private mode): the choice lasts until the page reloads
  }
  for (const listener of listeners) {
    listener();
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCurrentTeam(): string | null {
  return useSyncExternalStore(subscribe, read, () => null);
}
