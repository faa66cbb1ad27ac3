/** The teams module's data: /api/teams/... through the typed client, cached by TanStack Query. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, data, type components } from "../../api/client";
import type { ApiError } from "../../api/errors";

export type MyTeam = components["schemas"]["MyTeam"];
export type Team = components["schemas"]["Team"];
export type Member = components["schemas"]["Member"];
export type Invitation = components["schemas"]["Invitation"];
export type Role = components["schemas"]["RoleEnum"];

export const ROLES: { value: Role; label: string }[] = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
];

export function roleLabel(role: string): string {
  return ROLES.find((item) => item.value === role)?.label ?? role;
}

/** Owners and admins manage members and invitations (the server decides; this only hides buttons). */
export function canManage(role: string | undefined): boolean {
  return role === "owner" || role === "admin";
}

export const teamKeys = {
  all: ["teams"] as const,
  list: (page: number) => ["teams", "list", page] as const,
  team: (slug: string) => ["teams", "team", slug] as const,
  members: (slug: string, page: number) => ["teams", "members", slug, page] as const,
  invitations: (slug: string, page: number) => ["teams", "invitations", slug, page] as const,
};

export function useTeams(page = 1, enabled = true) {
  return useQuery({
    queryKey: teamKeys.list(page),
    queryFn: () => data(api.GET("/api/teams/", { params: { query: { page } } })),
    enabled,
  });
}

export function useTeam(slug: string) {
  return useQuery({
    queryKey: teamKeys.team(slug),
    queryFn: () => data(api.GET("/api/teams/{slug}/", { params: { path: { slug } } })),
  });
}

/** My membership of a team (role, member count), from the list of my teams. */
export function useMyMembership(slug: string): MyTeam | undefined {
  const teams = useQuery({
    queryKey: teamKeys.list(1),
    queryFn: () => data(api.GET("/api/teams/", { params: { query: { page: 1 } } })),
  });
  return teams.data?.results.find((team) => team.slug === slug);
}

export function useMembers(slug: string, page = 1) {
  return useQuery({
    queryKey: teamKeys.members(slug, page),
    queryFn: () => data(api.GET("/api/teams/{slug}/members/", { params: { path: { slug }, query: { page } } })),
  });
}

export function useInvitations(slug: string, page = 1) {
  return useQuery({
    queryKey: teamKeys.invitations(slug, page),
    queryFn: () => data(api.GET("/api/teams/{slug}/invitations/", { params: { path: { slug }, query: { page } } })),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: teamKeys.all });
}

export function useCreateTeam() {
  const invalidate = useInvalidate();
  return useMutation<Team, ApiError, string>({
    mutationFn: (name) => data(api.POST("/api/teams/", { body: { name } })),
    onSuccess: () => invalidate(),
  });
}

export function useRenameTeam(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<Team, ApiError, string>({
    mutationFn: (name) => data(api.PATCH("/api/teams/{slug}/", { params: { path: { slug } }, body: { name } })),
    onSuccess: () => invalidate(),
  });
}

export function useLeaveTeam(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<unknown, ApiError>({
    mutationFn: () => data(api.POST("/api/teams/{slug}/leave/", { params: { path: { slug } } })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteTeam(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<unknown, ApiError>({
    mutationFn: () => data(api.DELETE("/api/teams/{slug}/", { params: { path: { slug } } })),
    onSuccess: () => invalidate(),
  });
}

export function useChangeRole(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<Member, ApiError, { id: number; role: Role }>({
    mutationFn: ({ id, role }) =>
      data(api.PATCH("/api/teams/{slug}/members/{id}/", { params: { path: { slug, id } }, body: { role } })),
    onSuccess: () => invalidate(),
  });
}

export function useRemoveMember(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<unknown, ApiError, number>({
    mutationFn: (id) => data(api.DELETE("/api/teams/{slug}/members/{id}/", { params: { path: { slug, id } } })),
    onSuccess: () => invalidate(),
  });
}

export function useInvite(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<Invitation, ApiError, { email: string; role: Role }>({
    mutationFn: (body) => data(api.POST("/api/teams/{slug}/invitations/", { params: { path: { slug } }, body })),
    onSuccess: () => invalidate(),
  });
}

export function useResendInvitation(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<unknown, ApiError, number>({
    mutationFn: (id) =>
      data(api.POST("/api/teams/{slug}/invitations/{id}/resend/", { params: { path: { slug, id } } })),
    onSuccess: () => invalidate(),
  });
}

export function useRevokeInvitation(slug: string) {
  const invalidate = useInvalidate();
  return useMutation<unknown, ApiError, number>({
    mutationFn: (id) => data(api.DELETE("/api/teams/{slug}/invitations/{id}/", { params: { path: { slug, id } } })),
    onSuccess: () => invalidate(),
  });
}

async function mySlugs(): Promise<string[]> {
  const page = await data(api.GET("/api/teams/", { params: { query: { page: 1 } } }));
  return page.results.map((team) => team.slug);
}

/**
 * Accepts an invitation; resolves to the joined team's slug (or null). The answer is the new
 * membership without its team, so the team is the one that is new in my list afterwards.
 */
export function useAcceptInvitation() {
  const invalidate = useInvalidate();
  return useMutation<string | null, ApiError, string>({
    mutationFn: async (token) => {
      const before = new Set(await mySlugs());
      await data(api.POST("/api/teams/invitations/accept/", { body: { token } }));
      const after = await mySlugs().catch(() => []);
      return after.find((slug) => !before.has(slug)) ?? null;
    },
    onSuccess: () => invalidate(),
  });
}
