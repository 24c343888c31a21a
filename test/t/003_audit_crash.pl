# A backend killed with SIGKILL in the middle of a transaction: after crash recovery the audit
# trail verifies and holds exactly the committed changes, and new changes continue the chains.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION clinic CASCADE');
$node->safe_psql('postgres', 'SELECT count(*) FROM clinic.seed_demo()');

my $count = q{SELECT count(*) FROM clinic.audit_log};
my $before = $node->safe_psql('postgres', $count);

# Committed work: 20 changes in two transactions.
$node->safe_psql('postgres', q{
	UPDATE clinic.patients SET phone = '555-01' || lpad(n::text, 2, '0')
	  FROM generate_series(1, 1) n;
	INSERT INTO clinic.allergies (patient_id, allergen, severity)
	SELECT id, 'Latex ' || g, 'mild' FROM clinic.patients, generate_series(1, 3) g;
});
my $committed = $node->safe_psql('postgres', $count);
is($committed - $before, 20, '20 committed changes are in the trail');

# A transaction in flight: several changes written (and WAL-logged), then the backend dies.
my $session = $node->background_psql('postgres', on_error_stop => 0);
$session->query_safe('BEGIN');
$session->query_safe(q{UPDATE clinic.patients SET phone = '555-9999'});
$session->query_safe(q{INSERT INTO clinic.allergies (patient_id, allergen, severity)
                       SELECT id, 'Uncommitted', 'severe' FROM clinic.patients});
is($session->query_safe(q{SELECT count(*) FROM clinic.audit_log}) - $committed, 10,
	'the doomed transaction sees its own 10 audit rows');
my $pid = $session->query_safe('SELECT pg_backend_pid()');
kill 'KILL', $pid;
eval { $session->quit };

# The test cluster runs with restart_after_crash = off: the postmaster goes down with its
# backend, and the next start replays WAL (crash recovery).
my $waited = 0;
while (-f $node->data_dir . '/postmaster.pid' && $waited++ < 600) { select(undef, undef, undef, 0.1); }
ok(!-f $node->data_dir . '/postmaster.pid', 'the server went down with the killed backend');
$node->_update_pid(0);
my $log_offset = -s $node->logfile;
$node->start;
like(slurp_file($node->logfile, $log_offset), qr/not properly shut down; automatic recovery in progress/,
	'the restart ran crash recovery');
is($node->safe_psql('postgres', $count), $committed, 'the trail holds exactly the committed changes');
is($node->safe_psql('postgres', q{SELECT count(*) FROM clinic.patients WHERE phone = '555-9999'}), '0',
	'nothing of the killed transaction is present');
is($node->safe_psql('postgres', q{SELECT ok || ' ' || rows_checked FROM clinic.verify_audit_log()}),
	"true $committed", 'every chain verifies after recovery');

# New changes link after the last committed row of each chain.
$node->safe_psql('postgres', q{UPDATE clinic.patients SET phone = '555-0000'});
is($node->safe_psql('postgres', q{SELECT ok FROM clinic.verify_audit_log()}), 't', 'and after new changes');
is($node->safe_psql('postgres', $count) - $committed, 5, 'one new audit row per changed patient');

$node->stop;
done_testing();
