/** What `keysentry help` (and `keysentry scan --help`) prints. */
export const HELP = `keysentry — compliance for AWS KMS keys and ACM certificates

Usage:
  keysentry scan [options]   evaluate every key and certificate of an account (read-only)
  keysentry demo [options]   the same scan against the embedded sample account, offline
  keysentry permissions      the read-only IAM policy that scan needs (honours --rules, --settings);
                             with --organization, the policy of who runs scan --organization;
                             with --security-hub, the one write scan --security-hub makes;
                             with --apply, the writes replay --apply makes (the remediations on)
  keysentry preflight        before deploying: what the account and region lack that the stack needs
                             (Config recorder, CloudTrail trail, Lambda concurrency, Security Hub,
                             the settings file); read-only; permissions --preflight prints its policy
  keysentry replay FILE      run one EventBridge event (JSON file) through the same handler Lambda runs
  keysentry help
  keysentry --version

Options (scan):
  --region R         region to scan; repeat for several (default: AWS_REGION)
  --profile P        named profile from the shared AWS config files
  --rules a,b        only these rule ids (default: every rule not set to "off")
  --settings FILE    settings document (default: $KEYSENTRY_SETTINGS, else built-in defaults)
  --endpoint URL     send every AWS call (KMS, ACM, ACM PCA, Tagging; STS and Organizations
                     with --organization; Security Hub with --security-hub) to an
                     AWS-compatible endpoint
  --format F         table | json | csv | asff (Security Hub findings) | ocsf (OCSF 1.1.0
                     Compliance Findings) | html (a self-contained report with charts)
                     (default: table)
  --all              table: list compliant and not-applicable findings too
  --security-hub     also import the findings into Security Hub, each region's default product
                     (securityhub:BatchImportFindings; nothing else in the account is changed)
  --fail-on S        exit 1 when a finding is non-compliant or unreadable at severity S or above
                     (INFO, LOW, MEDIUM, HIGH, CRITICAL)
  --quiet            no progress on stderr
  --debug            on failure, the stack trace as well as the one-line reason

Options (scan --organization): every active account of the AWS Organization, from the
management or a delegated administrator account, through a read-only role in each
  --role-name R      the role to assume in each account (default: keysentry-audit)
  --external-id X    the external id the role's trust policy requires
  --accounts a,b     only these accounts (no Organizations call); --ou R only those under
                     these OUs or roots (repeat, or a,b), nested OUs included
  --exclude-accounts a,b   leave these accounts out
  --concurrency N    accounts scanned at once (default 8)

Options (preflight):
  --region R, --profile P, --endpoint URL   as for scan; every region given is checked
  --settings FILE    the settings the stack will be deployed with (default: $KEYSENTRY_SETTINGS)
  --format F         table | json ({"checks": [{"id", "region", "status", "message"}]})
  Exit 0 when no check fails (warnings included), 1 when one fails, 3 when AWS cannot be read.

Options (replay):
  --endpoint URL, --region R, --profile P, --settings FILE, --debug   as for scan
  --account A        the account to replay in (default: the event's own)
  --remediation-role ARN   ignore events made by this role, as the deployed loop guard does
  --apply            let the remediations the settings turn on change the account; without it
                     replay only reads and says what it would remediate
  --dry-run          accepted for compatibility: replay is read-only unless --apply is given
  --format F         text | json (json: exactly what the handler returns)

AWS_MAX_ATTEMPTS sets the attempts per AWS call (default 5).

Exit codes: 0 done, 1 a finding reached --fail-on, 2 usage or settings error,
3 AWS could not be read (credentials refused, endpoint unreachable, timed out, throttled out,
an answer that is not the AWS protocol), 70 internal error (run with --debug for the stack).`;
