SELECT count(*) FROM clinic.validate('clinic', ARRAY['appointments']);
