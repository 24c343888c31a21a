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
# its scan answered from the patient lookup (the references to patients; in the appointments'
# scan also the patients without one) and seconds. The rows are generated, so only the shape
# and the set checks are compared.
$node->safe_psql('postgres', 'SELECT clinic.generate_demo(20, 1)');
($rc, $out, $err) = $node->psql('postgres', 'SELECT count(*) FROM clinic.validate()');
is($rc, 0, 'validate() runs on demo data');
my %answered = map { /NOTICE:  clinic\.validate: (\w+): \d+ rows, \d+ row checks, (\d+) set checks, [\d.]+ s$/ ? ($1 => $2) : () }
	split /\n/, $err;
is(join(',', map { "$_=$answered{$_}" } sort keys %answered),
	'allergies=1,appointments=2,chronic_conditions=1,consent_records=1,medical_records=0,'
	  . 'patients=0,prescriptions=0,providers=0,symptoms=0,vital_signs=0',
	'a NOTICE per table; each patient-keyed set check answered in the scan of its table');

$node->stop;
done_testing();
