SELECT count(*) FROM clinic.audit();
