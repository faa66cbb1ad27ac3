/** The notifications module's data: /api/notifications/... The unread count is polled for the bell. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, data, type components } from "../../api/client";
import type { ApiError } from "../../api/errors";

export type Notification = components["schemas"]["Notification"];
export type Preference = components["schemas"]["Preference"];
export type EmailChoice = components["schemas"]["EmailEnum"];

/** How often the bell asks for the unread count (ms); TanStack Query pauses while the tab is hidden. */
export const POLL_MS = 30_000;

export const notificationKeys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread"] as const,
  list: (page: number, unread: boolean) => ["notifications", "list", page, unread] as const,
  preferences: ["notifications", "preferences"] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => data(api.GET("/api/notifications/unread-count/")),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}

export function useNotifications(page: number, unread: boolean) {
  return useQuery({
    queryKey: notificationKeys.list(page, unread),
    queryFn: () =>
      data(api.GET("/api/notifications/", { params: { query: unread ? { page, unread: "1" } : { page } } })),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: notificationKeys.preferences, queryFn: () => data(api.GET("/api/notifications/preferences/")) });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const invalidate = useInvalidate();
  return useMutation<Notification, ApiError, number>({
    mutationFn: (id) => data(api.POST("/api/notifications/{id}/read/", { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}

export function useMarkAllRead() {
  const invalidate = useInvalidate();
  return useMutation<components["schemas"]["Marked"], ApiError>({
    mutationFn: () => data(api.POST("/api/notifications/read-all/")),
    onSuccess: () => invalidate(),
  });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation<Preference[], ApiError, { kind: string; in_app: boolean; email: EmailChoice }[]>({
    mutationFn: (body) => data(api.PUT("/api/notifications/preferences/", { body })),
    onSuccess: (saved) => client.setQueryData(notificationKeys.preferences, saved),
  });
}
