import * as z from "../zod";

/** An AWS account id, as settings, rule parameters and events name one. */
export const accountId = () => z.string().check(z.regex(/^\d{12}$/, "an AWS account id has 12 digits"));

/** An AWS Organizations organization id. */
export const organizationId = () =>
  z.string().check(z.regex(/^o-[a-z0-9]{10,32}$/, "an organization id looks like o-a1b2c3d4e5"));
