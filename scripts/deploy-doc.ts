/** docs/deploy.md's generated sections: what the member stack creates and what each of its roles may do. */
import { generatedSection, withSection } from "./markdown";
import { synthesizeMemberTemplate, TemplateNames } from "./member-template";
import { rolePermissionsMarkdown } from "./role-permissions";
import { stackResourcesMarkdown } from "./stack-resources";

const SOURCE = "the member stack's synthesized template (examples/settings.json with an audit role)";
export const STACK_RESOURCES = generatedSection("member stack resources", SOURCE);
export const ROLE_PERMISSIONS = generatedSection("role permissions", SOURCE);

/** docs/deploy.md with both sections regenerated from one synthesis. */
export function withDeployTables(
  document: string,
  names = new TemplateNames(synthesizeMemberTemplate()),
): string {
  const resources = withSection(document, STACK_RESOURCES, stackResourcesMarkdown(names), "docs/deploy.md");
  return withSection(resources, ROLE_PERMISSIONS, rolePermissionsMarkdown(names), "docs/deploy.md");
}
