# A cluster of its own: the extension installs, its library and SQL versions agree, and it
# drops and re-creates cleanly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('extension');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE EXTENSION clinic CASCADE');

my $control_version = `sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" clinic.control`;
chomp $control_version;
ok($control_version =~ /^\d+\.\d+$/, "control file names a version ($control_version)");

is($node->safe_psql('postgres', 'SELECT clinic.version()'),
	$control_version, 'clinic.version() is the control file version');
is($node->safe_psql('postgres', 'SELECT matches FROM clinic.version_check()'),
	't', 'library and SQL versions match');

# The required extensions came with CASCADE.
is($node->safe_psql('postgres',
		"SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"),
	'btree_gist,clinic,pgcrypto', 'required extensions installed');

# Without CASCADE on a database lacking the requirements, the error says what is missing.
$node->safe_psql('postgres', 'CREATE DATABASE bare');
my ($rc, $out, $err) = $node->psql('bare', 'CREATE EXTENSION clinic');
isnt($rc, 0, 'CREATE EXTENSION without its requirements fails');
like($err, qr/required extension "pgcrypto" is not installed/, '... naming the missing extension');

# clinic.validate() reports progress: a NOTICE per table with its rows, row checks, the set checks
# its scan answered with no query (from the patient lookup: the references to patients, in the
# appointments' scan also the patients without one; from the visits' and records' lookups: the
# checks within a chart, overlaps included) and seconds. The rows are generated, so only the
# shape and the set checks are compared.
$node->safe_psql('postgres', 'SELECT clinic.generate_demo(20, 1)');
($rc, $out, $err) = $node->psql('postgres', 'SELECT count(*) FROM clinic.validate()');
is($rc, 0, 'validate() runs on demo data');
my %answered = map { /NOTICE:  clinic\.validate: (\w+): \d+ rows, \d+ row checks, (\d+) set checks, [\d.]+ s$/ ? ($1 => $2) : () }
	split /\n/, $err;
is(join(',', map { "$_=$answered{$_}" } sort keys %answered),
	'allergies=1,appointments=4,chronic_conditions=1,consent_records=1,medical_records=5,'
	  . 'patients=0,prescriptions=3,providers=0,symptoms=2,vital_signs=5',
	'a NOTICE per table; each set check within a chart answered in the scan of its table');

# Past maintenance_work_mem a lookup gives way to the queries, which spill: a NOTICE says so,
# and the answers are the same. A copy of the demo data with 3,000 more completed visits of one
# patient an hour apart (active, so in both overlap windows), three records each (one live): at the least
# setting, 1MB, the visits' lookup fits and the records' does not; with 6,000 visits more,
# neither does.
$node->safe_psql('postgres', q{
	CREATE SCHEMA budget;
	DO $$
	DECLARE t name;
	BEGIN
		FOREACH t IN ARRAY ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments', 'medical_records',
		                         'symptoms', 'prescriptions', 'vital_signs', 'consent_records', 'audit_log'] LOOP
			EXECUTE format('CREATE TABLE budget.%I AS SELECT * FROM clinic.%I', t, t);
		END LOOP;
	END
	$$;
	CREATE FUNCTION budget.more_visits(first int) RETURNS void LANGUAGE sql AS $$
		INSERT INTO budget.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status,
		                                 created_at, updated_at, created_by, updated_by)
		SELECT gen_random_uuid(), k.p, k.pr, timestamptz '2030-01-01' + n * interval '1 hour',
		       timestamptz '2030-01-01 00:30' + n * interval '1 hour', 'follow_up', 'completed', now(), now(), 'budget', 'budget'
		  FROM generate_series(first, first + 2999) n,
		       (SELECT min(patient_id::text)::uuid AS p, min(provider_id::text)::uuid AS pr FROM clinic.appointments) k;
		INSERT INTO budget.medical_records (id, patient_id, appointment_id, recorded_at, deleted_at, created_at, updated_at,
		                                    created_by, updated_by)
		SELECT gen_random_uuid(), a.patient_id, a.id, a.appointment_date, CASE WHEN g > 1 THEN now() END, now(), now(),
		       'budget', 'budget'
		  FROM budget.appointments a CROSS JOIN generate_series(1, 3) g
		 WHERE a.created_by = 'budget' AND a.appointment_date >= timestamptz '2030-01-01' + first * interval '1 hour'
	$$;
	SELECT budget.more_visits(1)});
my $answers = q{SELECT md5(string_agg(to_jsonb(v)::text, ',' ORDER BY check_id)) FROM clinic.validate('budget') v};
my $counts = sub {
	return { map { /NOTICE:  clinic\.validate: (\w+): \d+ rows, \d+ row checks, (\d+) set checks/ ? ($1 => $2) : () } split /\n/, shift };
};
($rc, my $small, $err) = $node->psql('postgres', "SET maintenance_work_mem = '1MB'; $answers");
is($rc, 0, 'validate() runs with the least maintenance_work_mem');
like($err, qr/NOTICE:  clinic\.validate: medical_records: a lookup built in its scan would exceed maintenance_work_mem \(1024kB\); the checks that need it run as queries/,
	'... and says the records\' lookup gave way to the queries');
unlike($err, qr/appointments: a lookup/, '... while the visits\' fits');
my $n = $counts->($err);
is("$n->{appointments},$n->{medical_records},$n->{symptoms},$n->{prescriptions}", '4,5,0,0',
	'... so the scans of symptoms and prescriptions answer nothing');
($rc, my $large, $err) = $node->psql('postgres', "SET maintenance_work_mem = '64MB'; $answers");
unlike($err, qr/would exceed/, 'within 64MB both lookups are built');
$n = $counts->($err);
is("$n->{appointments},$n->{medical_records},$n->{symptoms},$n->{prescriptions}", '4,5,2,3', '... and answer');
is($small, $large, 'the same answers either way');
$node->safe_psql('postgres', 'SELECT budget.more_visits(3001), budget.more_visits(6001)');
($rc, $small, $err) = $node->psql('postgres', "SET maintenance_work_mem = '1MB'; $answers");
like($err, qr/NOTICE:  clinic\.validate: appointments: a lookup built in its scan would exceed maintenance_work_mem \(1024kB\); the checks that need it run as queries/,
	'with 6,000 visits more the visits\' lookup gives way too');
$n = $counts->($err);
is("$n->{appointments},$n->{medical_records}", '2,0', '... and only the patient lookup answers');
($rc, $large, $err) = $node->psql('postgres', "SET maintenance_work_mem = '64MB'; $answers");
is($small, $large, 'the same answers either way');

$node->stop;
done_testing();
