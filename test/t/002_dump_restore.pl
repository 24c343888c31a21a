# pg_dump of a seeded database restores into a fresh database with identical rows (the
# extension's tables are marked for pg_dump), and a second database reuses the cluster's roles.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# The fixture purges the trail it just wrote: with the minimum retention at 0 on every cluster,
# verify_audit_log() holds that purge to the floor it was made under.
my $floor = 'clinic.audit_log_min_retention_days = 0';
my $node = PostgreSQL::Test::Cluster->new('dump');
$node->init;
$node->append_conf('postgresql.conf', $floor);
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE source');
$node->safe_psql('source', 'CREATE EXTENSION clinic CASCADE');
$node->safe_psql('source', 'SELECT count(*) FROM clinic.seed_demo()');
# A soft-deleted row and an explicit actor travel too.
$node->safe_psql('source', q{
	SET clinic.actor = 'dr.lee';
	SELECT clinic.audit_log_seal();
	UPDATE clinic.validation_rules SET threshold = 42, enabled = false WHERE check_id = 'patients.sex.required';
	UPDATE clinic.patients SET deleted_at = '2026-03-01 12:00+00' WHERE mrn = 'MRN-100235';
	INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, document_version, recorded_by)
	SELECT id, 'treatment', 'granted', '2026-01-05 09:00+00', 'v4', 'front desk' FROM clinic.patients WHERE mrn = 'MRN-100231';
});

# Rows and a digest of every column of every table of the extension, in a stable order.
sub inventory {
	my ($db, $on) = @_;
	$on //= $node;
	my @tables = split /\n/, $on->safe_psql($db,
		q{SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
		    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		   WHERE n.nspname IN ('clinic', 'clinic_audit') AND c.relkind = 'r'
		     AND c.relname <> 'validation_rules' ORDER BY 1});  # its restored edits are stamped anew
	return join "\n", map {
		(my $short = $_) =~ s/^clinic\.//;
		$on->safe_psql($db, qq{SELECT '$short ' || count(*) || ' ' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
		                       FROM $_ t})
	} @tables;
}
# A purge (the floor lowered for the test, above) cuts the trail so far; the change after it starts the
# chain anew: the purge records and the RETENTION row must survive the dump too.
$node->safe_psql('source', q{
	SELECT clinic.audit_log_purge('0 seconds');
	SET clinic.actor = 'dr.lee';
	UPDATE clinic.patients SET phone = '555-0101' WHERE mrn = 'MRN-100232';
});
$node->safe_psql('source', q{SELECT clinic.audit_baseline('clinic'); SELECT clinic.audit_record('clinic'); SELECT clinic.audit_repository('clinic', ARRAY['20251221153503_init']);
	SELECT clinic.audit_suppress('clinic', 'columns.defaults', 'consent_records.status',
	                             'the status is chosen per consent', DATE '2999-01-01')});
my $before = inventory('source');
like($before, qr/^patients 5 /m, 'source holds the demo patients');
like($before, qr/^consent_records 1 /m, '... and a consent record');
like($before, qr/^audit_log_purges [1-9][0-9]* /m, '... and the cuts of a purge');
unlike($before, qr/ 0 d41d8cd98f00b204e9800998ecf8427e$/m, '... every table of the extension holds rows');
like($before, qr/^clinic_audit\.suppressions 1 /m, '... and a suppression, a baseline and an audit run')
	and like($before, qr/^clinic_audit\.baselines 1 /m) and like($before, qr/^clinic_audit\.runs 1 /m);

my $dump = "$PostgreSQL::Test::Utils::tmp_check/source.sql";
command_ok([ 'pg_dump', '--no-sync', '-d', $node->connstr('source'), '-f', $dump ], 'pg_dump of the seeded database');

$node->safe_psql('postgres', 'CREATE DATABASE restored');
# The dump holds the audit trail: the restore's own inserts are not logged again (doc/audit-trail.md).
my ($rc, $out, $err);
{
	local $ENV{PGOPTIONS} = '-c clinic.audit_trail=off';
	($rc, $out, $err) = $node->psql('restored', undef, extra_params => [ '-v', 'ON_ERROR_STOP=1', '-f', $dump ]);
}
is($rc, 0, 'restore into a fresh database succeeds') or diag($err);
my $after = inventory('restored');
is($after, $before, 'every table has the same rows, audit columns and audit trail included');
like($before, qr/^audit_log [1-9]/m, 'the audit trail was dumped');
is($node->safe_psql('source', 'SELECT ok FROM clinic.verify_audit_log()'), 't',
	"the source's audit trail verifies, its purge included");
is($node->safe_psql('restored', q{SELECT ok || ' ' || rows_checked || ' ' || seals_checked FROM clinic.verify_audit_log()}),
	$node->safe_psql('source', q{SELECT ok || ' ' || rows_checked || ' ' || seals_checked FROM clinic.verify_audit_log()}),
	'the restored audit trail verifies, every row and seal of it');
# New changes after the restore continue the restored chains.
$node->safe_psql('restored', q{UPDATE clinic.patients SET phone = '555-0100' WHERE mrn = 'MRN-100231'});
is($node->safe_psql('restored', 'SELECT ok FROM clinic.verify_audit_log()'), 't', '... and still after a new change');
is($node->safe_psql('restored', 'SELECT matches FROM clinic.version_check()'), 't', 'restored extension is consistent');
is($node->safe_psql('restored', q{SELECT count(*) || ' rules, edited: ' || string_agg(check_id || ' ' || threshold || ' ' || enabled, ', ')
                                  FILTER (WHERE threshold <> default_threshold OR NOT enabled) FROM clinic.validation_rules}),
	$node->safe_psql('source', q{SELECT count(*) || ' rules, edited: ' || string_agg(check_id || ' ' || threshold || ' ' || enabled, ', ')
                                 FILTER (WHERE threshold <> default_threshold OR NOT enabled) FROM clinic.validation_rules}),
	'a DBA\'s edit of a validation rule survives the restore');
is($node->safe_psql('restored', q{SELECT deleted_by FROM clinic.patients WHERE mrn = 'MRN-100235'}),
	'dr.lee', 'soft delete and its actor survive');
is($node->safe_psql('restored', q{SELECT clinic.verify_provider_password('doctor@example.com', 'password123')}),
	't', 'provider credentials survive');

# pg_dump's custom format, restored with pg_restore into a fresh cluster (no clinic roles yet).
my $custom = "$PostgreSQL::Test::Utils::tmp_check/source.dump";
command_ok([ 'pg_dump', '--no-sync', '-Fc', '-d', $node->connstr('source'), '-f', $custom ], 'pg_dump -Fc of the seeded database');
my $fresh = PostgreSQL::Test::Cluster->new('fresh');
$fresh->init;
$fresh->append_conf('postgresql.conf', $floor);
$fresh->start;
$fresh->safe_psql('postgres', 'CREATE DATABASE restored');
{
	local $ENV{PGOPTIONS} = '-c clinic.audit_trail=off';
	command_ok([ 'pg_restore', '--exit-on-error', '-d', $fresh->connstr('restored'), $custom ],
		'pg_restore into a fresh cluster succeeds');
}
is(inventory('restored', $fresh), $before, 'every table of clinic and clinic_audit: same row counts and checksums');
is($fresh->safe_psql('restored', q{SELECT ok || ' ' || rows_checked || ' ' || seals_checked FROM clinic.verify_audit_log()}),
	$node->safe_psql('source', q{SELECT ok || ' ' || rows_checked || ' ' || seals_checked FROM clinic.verify_audit_log()}),
	'the audit trail verifies in the fresh cluster, every row and seal');
is($fresh->safe_psql('restored', q{SELECT count(*) FROM clinic.audit() WHERE status = 'fail'}), '0',
	'the audit reports zero failures on the restored schema');
is($fresh->safe_psql('restored', q{SELECT count(*) FROM clinic.drift()}), '0', 'and no drift from the manifest');
$fresh->stop;

# Installing into another database of the same cluster reuses the group roles.
$node->safe_psql('postgres', 'CREATE DATABASE third');
$node->safe_psql('third', 'CREATE EXTENSION clinic CASCADE');
is($node->safe_psql('third', q{SELECT count(*) FROM pg_roles WHERE rolname LIKE 'clinic\_%'}),
	'4', 'a second install reuses the four group roles');

# A role squatting on a group role's name with LOGIN is refused, not handed PHI.
$node->safe_psql('postgres', 'CREATE DATABASE fourth');
$node->safe_psql('postgres', 'ALTER ROLE clinic_auditor LOGIN');
($rc, $out, $err) = $node->psql('fourth', 'CREATE EXTENSION clinic CASCADE');
isnt($rc, 0, 'install refuses a group role that can log in');
like($err, qr/role "clinic_auditor" already exists and is not a plain group role/, '... and says which');
$node->safe_psql('postgres', 'ALTER ROLE clinic_auditor NOLOGIN');

$node->stop;
done_testing();
